// The script's copy of the server's check (src/shared/local-path.ts `safeUrl`): the script is
// built on its own, so it cannot import from the server's layers.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `url` when it is a path on this site (one `/`, not `//host` or `/\host`) or an absolute
 * http(s) URL without control characters; null otherwise (`javascript:`, `data:`, ...), so
 * such a URL from the JSON never becomes a link or an image on the page.
 */
export function safeLink(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url === '' || CONTROL.test(url)) return null;
  if (url.startsWith('/')) return url[1] === '/' || url[1] === '\\' ? null : url;
  return /^https?:\/\//i.test(url) ? url : null;
}
