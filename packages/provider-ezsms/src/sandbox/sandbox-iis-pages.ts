import { STATUS_CODES } from 'node:http';

/** IIS's page for a path it does not serve. */
export const IIS_404_PAGE =
  '<!DOCTYPE html><html><head><title>404 - File or directory not found.</title></head><body></body></html>';

/** IIS's page for a query string over its request-filtering limit. */
export const IIS_404_15_PAGE =
  '<!DOCTYPE html><html><head><title>HTTP Error 404.15 - Not Found</title></head><body>The request filtering module is configured to deny a request where the query string is too long.</body></html>';

const IIS_TITLES: Readonly<Record<number, string>> = {
  502: '502 - Web server received an invalid response while acting as a gateway or proxy server.',
  500: '500 - Internal server error.',
  413: '413 - Request entity too large.',
};

/** The error page IIS in front of the vendor's ASP.NET answers with `status` (the kit's `htmlStatus` fault). */
export function iisErrorPage(status: number): string {
  const title =
    status === 200 ? 'Service Unavailable' : (IIS_TITLES[status] ?? `${status} - ${STATUS_CODES[status] ?? 'Error'}`);
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
}
