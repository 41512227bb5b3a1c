/**
 * Request parameters the way ASP.NET's `Request[name]` reads them: the query
 * string first, then a form body; names without regard to case; a name given
 * twice in one source reads as the values joined with a comma (so
 * `mobile=1&mobile=2` arrives as `1,2`, as it would at the vendor).
 */
export class SandboxParameters {
  readonly #query: Map<string, string>;
  readonly #form: Map<string, string>;

  constructor(query: URLSearchParams, form: URLSearchParams) {
    this.#query = collect(query);
    this.#form = collect(form);
  }

  /** The value of `name`, or `undefined` when absent. */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    return this.#query.get(key) ?? this.#form.get(key);
  }

  /** Every parameter, lower-case names, the password hidden. */
  toRecord(): Record<string, string> {
    const record: Record<string, string> = Object.fromEntries(this.#form);
    for (const [name, value] of this.#query) record[name] = value;
    if (record.password !== undefined) record.password = '***';
    return record;
  }
}

function collect(search: URLSearchParams): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of search) {
    const key = name.toLowerCase();
    const previous = values.get(key);
    values.set(key, previous === undefined ? value : `${previous},${value}`);
  }
  return values;
}
