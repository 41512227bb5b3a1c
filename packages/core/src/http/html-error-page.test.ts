import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHtmlErrorPage } from './html-error-page.js';

describe('isHtmlErrorPage', () => {
  it.each([
    '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>',
    '  \n\t<!doctype HTML>\n<title>Error</title>',
    '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>',
    '\uFEFF<HTML lang="en">',
  ])('recognises an HTML page by its body: %j', (body) => {
    expect(isHtmlErrorPage(body, undefined)).toBe(true);
  });

  it.each(['2000 = SUCCESS', '-1004 = INSUFFICIENT CREDITS', '{"status":"ok"}', '<htmlish', 'html', ''])(
    'does not take a vendor answer for a page: %j',
    (body) => {
      expect(isHtmlErrorPage(body, 'text/html; charset=UTF-8')).toBe(false);
    },
  );

  it('trusts the content-type only when asked to', () => {
    expect(isHtmlErrorPage('Service Unavailable', 'text/html; charset=utf-8', 'body')).toBe(false);
    expect(isHtmlErrorPage('Service Unavailable', 'Text/HTML; charset=utf-8', 'body-or-content-type')).toBe(true);
    expect(isHtmlErrorPage('{"ok":true}', 'application/json', 'body-or-content-type')).toBe(false);
  });

  it('never reports a page when detection is off', () => {
    expect(isHtmlErrorPage('<!DOCTYPE html>', 'text/html', 'none')).toBe(false);
  });

  it('never takes JSON for an HTML page', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        (value) => !isHtmlErrorPage(JSON.stringify(value), 'application/json', 'body-or-content-type'),
      ),
      { numRuns: 100 },
    );
  });
});
