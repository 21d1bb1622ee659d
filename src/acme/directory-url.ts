import { AcmeError } from './problem.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The directory URL as typed, checked before anything is sent: RFC 8555 section 6.1 requires HTTPS, so a URL
 * without a scheme or with another one is an input error with the likely meant `https://` URL as a
 * suggestion. Plain HTTP is accepted on loopback only, where local test CAs run.
 */
export function checkDirectoryUrl(input: string): string {
  const typed = String(input).trim().slice(0, 2000);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(typed)) {
    const suggestion = `https://${typed.replace(/^\/+/, '')}`;
    throw new AcmeError('acme/directory-no-scheme', { url: typed, suggestion });
  }
  let url: URL;
  try {
    url = new URL(typed);
  } catch (error) {
    throw new AcmeError('acme/directory-invalid', { url: typed }, { cause: error });
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return url.href;
  }
  const suggestion = url.host ? `https://${url.host}${url.pathname}${url.search}` : '';
  throw new AcmeError('acme/directory-not-https', { url: typed, suggestion });
}
