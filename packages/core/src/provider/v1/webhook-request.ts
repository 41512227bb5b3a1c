/** A vendor callback, framework-neutral. */
export interface WebhookRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Full URL including the vendor's query string. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Raw body text (empty for GET). */
  body: string;
}
