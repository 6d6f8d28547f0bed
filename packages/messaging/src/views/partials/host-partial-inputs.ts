import type { UserId } from '../../options.js';
import { safeUrl } from '../../shared/local-path.js';

/** Where the partials link when the host does not say: the usual mount of `messaging.router`. */
export const DEFAULT_INBOX_URL = '/messages';

/**
 * A URL a host passes to a public partial, checked: a local path or an http(s) URL, so that a
 * `javascript:` or protocol-relative `//host` value never becomes a link or a form target.
 */
export function checkedUrl(value: string | undefined, fallback: string, name: string, partial: string): string {
  const url = safeUrl(value ?? fallback);
  if (url === null) throw new TypeError(`${partial}({ ${name} }) must be a path such as '${fallback}' or an http(s) URL; got ${JSON.stringify(value)}.`);
  return url;
}

/** The profile's owner as a string, or null where no button belongs (no id, or the viewer's own profile). */
export function profileTarget(profileUserId: UserId | null | undefined, viewerId: UserId | null | undefined): string | null {
  const id = profileUserId === null || profileUserId === undefined ? '' : String(profileUserId);
  const viewer = viewerId === null || viewerId === undefined ? null : String(viewerId);
  return id === '' || id === viewer ? null : id;
}
