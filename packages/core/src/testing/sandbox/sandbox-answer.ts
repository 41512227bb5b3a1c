/** What a sandbox answers: a status (default 200), a content type, a body and extra headers. */
export interface SandboxAnswer {
  /** HTTP status; default 200. */
  readonly status?: number;
  /** `content-type`; default the servers' `answerContentType`. */
  readonly contentType?: string;
  /** The body, sent as UTF-8. */
  readonly body: string;
  /** More headers (`content-type` and `content-length` are set for you). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A JSON answer: `value` serialised, `application/json`. */
export function sandboxJson(value: unknown, status = 200): SandboxAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}

/** A text answer; `text/plain; charset=utf-8` unless `contentType` says otherwise. */
export function sandboxText(body: string, options: { status?: number; contentType?: string } = {}): SandboxAnswer {
  return { status: options.status ?? 200, contentType: options.contentType ?? 'text/plain; charset=utf-8', body };
}
