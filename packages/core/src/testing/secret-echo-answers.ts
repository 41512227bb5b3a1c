/** An answer that echoes the request, as a vendor's script or a proxy in front of it might. */
export interface SecretEchoAnswer {
  /** What it imitates, for test names. */
  name: string;
  /** HTTP status. */
  status: number;
  /** Content type. */
  contentType: string;
  /** The page. */
  body: string;
}

function htmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;');
}

function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Pages that echo a request's `parameters` back in every form they travel
 * in, for a secrets test: PHP warnings quoting the form body
 * (`application/x-www-form-urlencoded`) or the query (`encodeURIComponent`),
 * an ASP.NET request-validation page (HTML-escaped values), an nginx 502
 * page quoting the decoded body, JSON errors repeating the request
 * (`JSON.stringify`, and PHP's `json_encode` with `\/` and `\u00fc`), and a
 * plain-text refusal with the values as they are. Each comes as an HTTP 200
 * and an HTTP 500 answer.
 *
 * @example
 * ```ts
 * for (const echo of secretEchoAnswers({ un: 'user', pwd: password })) {
 *   await sandbox.setFault(0, { answer: echo.body, status: echo.status, contentType: echo.contentType, times: 1 });
 *   await provider.send(message).catch((error) => errors.push(error));
 * }
 * ```
 */
export function secretEchoAnswers(parameters: Record<string, string>): SecretEchoAnswer[] {
  const form = new URLSearchParams(parameters).toString();
  const query = Object.entries(parameters)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  const decoded = Object.entries(parameters)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const [firstName, firstValue] = Object.entries(parameters).at(-1) ?? ['', ''];
  const pages: Omit<SecretEchoAnswer, 'status'>[] = [
    {
      name: 'PHP warning quoting the form body',
      contentType: 'text/html; charset=UTF-8',
      body: `<br />\n<b>Warning</b>:  Undefined array key "dstno" in <b>/var/www/html/send.php</b> on line <b>42</b><br />\nPOST body: ${form}\n`,
    },
    {
      name: 'PHP notice quoting the query string',
      contentType: 'text/plain; charset=UTF-8',
      body: `PHP Notice:  Undefined index: type in /var/www/api/send.php on line 17, referer: /send.php?${query}\n`,
    },
    {
      name: 'ASP.NET request validation page',
      contentType: 'text/html; charset=utf-8',
      body:
        '<html><head><title>A potentially dangerous Request.Form value was detected from the client ' +
        `(${htmlEscape(firstName)}="${htmlEscape(firstValue)}").</title></head><body><h2>Server Error in '/' Application.</h2>` +
        `<pre>${Object.entries(parameters)
          .map(([name, value]) => `${htmlEscape(name)}=${htmlEscape(value)}`)
          .join('\n')}</pre></body></html>`,
    },
    {
      name: 'nginx page quoting the decoded body',
      contentType: 'text/html',
      body: `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><!-- upstream request: ${htmlEscape(decoded)} --></body></html>`,
    },
    {
      name: 'JSON error repeating the request',
      contentType: 'application/json',
      body: JSON.stringify({
        status: 'error',
        code: 'E_BAD_REQUEST',
        message: `Bad request: ${decoded}`,
        request: parameters,
      }),
    },
    {
      name: 'PHP json_encode error repeating the request',
      contentType: 'application/json',
      body: phpJson({ status: 'error', message: `Invalid request ${form}`, request: parameters }),
    },
    {
      name: 'plain-text refusal quoting the values',
      contentType: 'text/plain',
      body: `ERROR: cannot process request ${decoded}`,
    },
  ];
  return pages.flatMap((page) => [
    { ...page, status: 200 },
    { ...page, name: `${page.name} (HTTP 500)`, status: 500 },
  ]);
}
