import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';
import { isUserId } from './ids.js';
import type { Participant } from './types.js';
import { participantOf } from './user-directory.js';

/** Longest query handed to the host's `users.search`. */
export const MAX_RECIPIENT_QUERY_LENGTH = 100;
/** Most members one search returns. */
export const MAX_RECIPIENT_RESULTS = 20;

/** Finding people to write to, through the host's optional `users.search`. */
export interface RecipientSearch {
  /** Whether the host gave `users.search`: without it, conversations start from a profile's Message button. */
  readonly available: boolean;
  /**
   * Members matching `query` for `viewerId`, best match first as the host ordered them, at most
   * `limit` (default 10, most {@link MAX_RECIPIENT_RESULTS}): never the viewer, never an id twice,
   * never an id with control characters. A query that is empty after trimming or longer than
   * {@link MAX_RECIPIENT_QUERY_LENGTH} is refused with `invalid_request` before the host sees it.
   */
  search(viewerId: string, query: string, limit?: number): Promise<Participant[]>;
}

export function createRecipientSearch(ctx: MessagingContext): RecipientSearch {
  const hostSearch = ctx.users.search?.bind(ctx.users);
  return {
    available: hostSearch !== undefined,
    async search(viewerId, query, limit = 10) {
      const text = query.trim();
      if (text.length === 0 || text.length > MAX_RECIPIENT_QUERY_LENGTH) {
        throw new MessagingError('invalid_request', undefined, {
          details: [{ in: 'query', field: 'q', message: `must be 1 to ${MAX_RECIPIENT_QUERY_LENGTH} characters` }],
        });
      }
      if (!hostSearch) return [];
      const wanted = Math.min(Math.max(1, Math.trunc(limit)), MAX_RECIPIENT_RESULTS);
      const found = await hostSearch(text, viewerId, wanted);
      // A host mistake (not an array, entries without an id) finds nobody rather than failing the page.
      if (!Array.isArray(found)) {
        ctx.logger.warn({ returned: typeof found }, 'messaging: users.search must return an array of members');
        return [];
      }
      const seen = new Set([viewerId]);
      const people: Participant[] = [];
      for (const user of found) {
        if (people.length >= wanted) break;
        const id = user && (typeof user.id === 'string' || typeof user.id === 'number') ? String(user.id) : null;
        if (id === null || !isUserId(id) || seen.has(id)) continue;
        seen.add(id);
        people.push(participantOf(user, id));
      }
      return people;
    },
  };
}
