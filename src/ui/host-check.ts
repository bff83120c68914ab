/**
 * Which `Host` headers the live view answers. The view serves users' data (first records, state)
 * on 127.0.0.1; a page of another site could reach it through DNS rebinding (its own name resolving
 * to 127.0.0.1), and then its requests carry that name as `Host`. So only loopback names are
 * answered, plus the names the user allows, with the rules of Vite's `server.allowedHosts`.
 */

/**
 * Host names the view answers besides loopback ones (`localhost`, `*.localhost`, `127.x.x.x`,
 * `[::1]`): a name as is, `.example.com` for the domain and all its subdomains, or `true` for any
 * name (only behind a proxy that checks names itself).
 *
 * @example
 * ```ts
 * ssc.ui({ allowedHosts: ['classroom.local', '.lab.example.org'] });
 * ```
 */
export type AllowedHosts = readonly string[] | true;

/** The host name of a `Host` header value (port and IPv6 brackets removed), lower-cased. */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end < 0 ? value : value.slice(1, end);
  }
  const colon = value.lastIndexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

function isLoopback(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  const octets = name.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

/** Whether a request whose `Host` header is `header` may be answered. */
export function isAllowedHost(header: string | undefined, allowed: AllowedHosts): boolean {
  if (header === undefined || header === '') return false;
  if (allowed === true) return true;
  const name = hostName(header);
  if (isLoopback(name)) return true;
  return allowed.some((entry) => {
    const rule = entry.toLowerCase();
    return rule.startsWith('.') ? name === rule.slice(1) || name.endsWith(rule) : name === rule;
  });
}
