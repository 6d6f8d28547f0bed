// Browsers drop tabs and newlines inside a URL and read `\` as `/`, so `/\t/host` and
// `/\host` both mean `//host`: another site.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Whether `value` is a path on this site: one `/`, then neither `/` nor `\` (`//host` and
 * `/\host` are another site to a browser), and no control characters. The one check for
 * every link and redirect the package builds from outside data (Referer, profile URLs).
 */
export function isLocalPath(value: string): boolean {
  return value.startsWith('/') && value[1] !== '/' && value[1] !== '\\' && !CONTROL.test(value);
}

/**
 * A host-supplied link (a profile URL) when it is a local path or an absolute http(s) URL;
 * null otherwise, so that neither `javascript:` nor a protocol-relative `//host` from the
 * host's data becomes a link on the package's pages or in its JSON.
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url === '') return null;
  if (isLocalPath(url)) return url;
  return /^https?:\/\//i.test(url) && !CONTROL.test(url) ? url : null;
}
