import { STATUS_CODES } from 'node:http';

// nginx's own reason phrases, where they differ from Node's.
const NGINX_REASONS: Readonly<Record<number, string>> = {
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/**
 * The HTML page a proxy in front of a vendor answers with `status`, as nginx
 * writes it (`502 Bad Gateway`). For 200 it is a maintenance page: a proxy or
 * captive portal answering for a vendor that is down.
 */
export function sandboxErrorPage(status: number): string {
  const title =
    status === 200 ? 'Site under maintenance' : `${status} ${NGINX_REASONS[status] ?? STATUS_CODES[status] ?? 'Error'}`;
  return `<!DOCTYPE html>
<html>
<head><title>${title}</title></head>
<body>
<center><h1>${title}</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;
}
