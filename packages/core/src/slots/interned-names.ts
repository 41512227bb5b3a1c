/**
 * Names that many records repeat (provider ids, provider types), each kept
 * once and referred to by a small number a record can hold in a typed
 * array. A name is counted once per record holding it and forgotten with
 * the last, so the table stays as small as the set of names in use.
 */
export class InternedNames {
  private readonly codes = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly holders: number[] = [];
  private readonly freeCodes: number[] = [];

  /** The code of `name` for one more record holding it. */
  acquire(name: string): number {
    let code = this.codes.get(name);
    if (code === undefined) {
      code = this.freeCodes.pop() ?? this.names.length;
      this.codes.set(name, code);
      this.names[code] = name;
      this.holders[code] = 0;
    }
    this.holders[code] = this.holders[code]! + 1;
    return code;
  }

  /** One record less holds the name of `code`. */
  release(code: number): void {
    const remaining = this.holders[code]! - 1;
    this.holders[code] = remaining;
    if (remaining > 0) return;
    this.codes.delete(this.names[code]!);
    this.names[code] = '';
    this.freeCodes.push(code);
  }

  /** The code of `name`, if a record holds it. */
  codeOf(name: string): number | undefined {
    return this.codes.get(name);
  }

  /** The name of `code`, which a record holds. */
  nameOf(code: number): string {
    return this.names[code]!;
  }

  /** The names records hold, with their codes. */
  entries(): IterableIterator<[string, number]> {
    return this.codes.entries();
  }
}
