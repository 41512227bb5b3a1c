const MAX_NAME_LENGTH = 64;

/**
 * Callback parameters, read without regard to case: ASP.NET and PHP clients
 * spell `MsgId`, `msgid` or `MSGID` alike. Names are also compared without
 * spaces, `_` and `-`, because the spec writes both `Content Type` and
 * `ContentType`. The first occurrence of a name wins. A name longer than 64
 * characters is none the vendor sends, and is skipped unread.
 */
export class WebhookParameters {
  readonly #values = new Map<string, string>();
  readonly #raw: Record<string, string> = {};

  /** Reads the query string of `url` and, for form posts, `body`. */
  constructor(url: string, body: string, contentType: string | undefined) {
    const queryStart = url.indexOf('?');
    if (queryStart >= 0) this.#add(new URLSearchParams(url.slice(queryStart + 1).split('#')[0]));
    if (body.length > 0 && (contentType === undefined || /application\/x-www-form-urlencoded/i.test(contentType))) {
      this.#add(new URLSearchParams(body));
    }
  }

  /** The value of `name`, any spelling, or `undefined`. */
  get(name: string): string | undefined {
    return this.#values.get(normaliseName(name));
  }

  /** Whether `name` is present, any spelling. */
  has(name: string): boolean {
    return this.#values.has(normaliseName(name));
  }

  /** Every parameter, names as the vendor wrote them (first occurrence). */
  toRecord(): Record<string, string> {
    return { ...this.#raw };
  }

  #add(search: URLSearchParams): void {
    for (const [name, value] of search) {
      if (name.length > MAX_NAME_LENGTH) continue;
      const key = normaliseName(name);
      if (this.#values.has(key)) continue;
      this.#values.set(key, value);
      this.#raw[name] = value;
    }
  }
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}
