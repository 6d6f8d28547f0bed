import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';
import { safeUrl } from '../../shared/local-path.js';
import type { MessagingUser, UserId } from '../../options.js';
import type { Participant } from './types.js';

/** How a user the host no longer knows is shown in old threads. */
export const DELETED_USER_NAME = 'Deleted user';

/** A participant for an id the users adapter did not return. */
export function deletedUser(id: string): Participant {
  return { id, displayName: DELETED_USER_NAME, profileUrl: null, avatarUrl: null };
}

/**
 * Members found by {@link UserDirectory.resolve}, by id. `get` always gives a participant:
 * "Deleted user" for an id the host did not return (or was not asked about), so that a
 * caller never meets `undefined`.
 */
export class Participants extends Map<string, Participant> {
  override get(id: UserId): Participant {
    return super.get(String(id)) ?? deletedUser(String(id));
  }
}

/**
 * A member as the package shows them, from what the host's adapter returned: the name as text
 * ("Deleted user" when empty), links checked here so that the JSON API and every page get the
 * same safe links (or none).
 */
export function participantOf(user: MessagingUser, id = String(user.id)): Participant {
  return {
    id,
    displayName: String(user.displayName ?? '') || DELETED_USER_NAME,
    profileUrl: safeUrl(user.profileUrl),
    avatarUrl: safeUrl(user.avatarUrl),
  };
}

/** Looks up members through the host's adapter, one batch per call. */
export interface UserDirectory {
  /**
   * Resolves every id in ONE `getUsers` call (ids deduped, numbers turned into strings).
   * Ids the adapter does not return map to "Deleted user".
   */
  resolve(ids: Iterable<UserId>): Promise<Participants>;
  /**
   * Refuses, with `invalid_recipient`, any id the adapter does not know. One call. `reply`
   * words the refusal for a reply to the other member of a direct thread.
   */
  checkRecipients(ids: Iterable<UserId>, to?: 'new' | 'reply'): Promise<void>;
}

export function createUserDirectory(ctx: MessagingContext): UserDirectory {
  async function lookup(ids: Iterable<UserId>): Promise<{ wanted: string[]; found: Map<string, Participant> }> {
    const wanted = [...new Set([...ids].map(String))];
    const found = new Map<string, Participant>();
    if (wanted.length === 0) return { wanted, found };
    const users = await ctx.users.getUsers(wanted);
    const asked = new Set(wanted);
    for (const user of users ?? []) {
      const id = String(user.id);
      // An adapter that returns more than it was asked for must not add people to a thread.
      if (!asked.has(id)) continue;
      found.set(id, participantOf(user, id));
    }
    return { wanted, found };
  }

  return {
    async resolve(ids) {
      const { wanted, found } = await lookup(ids);
      // Every id asked for is listed (so that `values()` shows the deleted ones too).
      return new Participants(wanted.map((id) => [id, found.get(id) ?? deletedUser(id)]));
    },
    async checkRecipients(ids, to = 'new') {
      const { wanted, found } = await lookup(ids);
      const unknown = wanted.filter((id) => !found.has(id));
      if (unknown.length > 0 && to === 'reply') {
        throw new MessagingError('invalid_recipient', 'This member no longer exists: they cannot receive messages.', {
          details: [{ in: 'params', field: 'threadId', message: 'the other member of this conversation no longer exists', ids: unknown }],
        });
      }
      if (unknown.length > 0) {
        throw new MessagingError('invalid_recipient', undefined, {
          details: [{ in: 'body', field: 'recipientIds', message: 'names a member who does not exist', ids: unknown }],
        });
      }
    },
  };
}
