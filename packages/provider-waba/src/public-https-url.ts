import { isIP } from 'node:net';

function privateIpv4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function privateIpv6(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === '::' || lower === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return privateIpv4(mapped[1]!);
  return /^(fc|fd|fe[89ab])/.test(lower);
}

/**
 * Why `value` is not a URL the vendor's WhatsApp servers can fetch, or
 * `undefined` when it is: an absolute `https:` URL without credentials whose
 * host is a public name or address (not `localhost`, `*.local`, a bare host
 * name, or a private, loopback or link-local address). Names are not
 * resolved: a public name pointing at a private address is not caught.
 */
export function publicHttpsUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:') return `must be https: (the vendor fetches it publicly), not ${url.protocol}`;
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const ipVersion = isIP(host);
  if (ipVersion === 4 && privateIpv4(host)) return 'points at a private or loopback address';
  if (ipVersion === 6 && privateIpv6(host)) return 'points at a private or loopback address';
  if (ipVersion === 0) {
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
      return 'points at a local host name';
    }
    if (!host.includes('.')) return 'needs a public host name';
  }
  return undefined;
}
