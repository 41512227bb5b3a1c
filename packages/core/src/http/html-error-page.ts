import type { HtmlErrorPageDetection } from './http-request.js';

const HTML_DOCUMENT_START = /^\s*(?:<!doctype\s+html\b|<html[\s>])/i;

/**
 * Whether an answer is an HTML error page from a web server, proxy or load
 * balancer rather than the vendor's own answer. Vendors that speak text or
 * JSON never start a body with `<!DOCTYPE html` or `<html`. Whether the
 * vendor may have processed the request depends on the status (see
 * `HtmlErrorPageDetection`).
 */
export function isHtmlErrorPage(
  body: string,
  contentType: string | undefined,
  detection: HtmlErrorPageDetection = 'body',
): boolean {
  if (detection === 'none') return false;
  if (HTML_DOCUMENT_START.test(body.replace(/^\uFEFF/, ''))) return true;
  if (detection === 'body-or-content-type' && contentType !== undefined) {
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
    return mediaType === 'text/html' || mediaType === 'application/xhtml+xml';
  }
  return false;
}
