import type { Participant } from '../../services/conversations/types.js';
import { safeUrl } from './format.js';

/** The pixel size of an avatar beside a name (the `width`/`height` attributes, so nothing shifts while it loads). */
export const AVATAR_SIZE = 24;

/**
 * The avatar image to show beside a member's name: the users adapter's `avatarUrl` when it
 * is an http(s) URL or a local path, else null (no image). A `javascript:` or `data:` URL
 * from the host's data never reaches an `src`.
 */
export function avatarSrc(person: Participant | undefined): string | null {
  return safeUrl(person?.avatarUrl);
}

/** The first avatar among `people` (the inbox row shows one, beside the names). */
export function firstAvatarSrc(people: Participant[]): string | null {
  for (const p of people) {
    const src = avatarSrc(p);
    if (src) return src;
  }
  return null;
}
