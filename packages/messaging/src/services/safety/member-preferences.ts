import type { Kysely } from 'kysely';
import type { MessagingContext } from '../../context.js';
import type { MessagingDatabase, WhoCanMessage } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';

export type { WhoCanMessage };

/** The choices of "who may message me", in the order the form shows them. */
export const WHO_CAN_MESSAGE = ['everyone', 'contacts', 'nobody'] as const satisfies readonly WhoCanMessage[];

/** What a member gets until they choose. */
const DEFAULT_WHO_CAN_MESSAGE: WhoCanMessage = 'everyone';

/**
 * Each member's "who may message me" (`messaging.preferences`): `everyone`, `contacts`
 * (people they already share a thread with) or `nobody`. It governs NEW conversations only:
 * threads that already exist go on (blocking is the way to stop one person).
 */
export interface MemberPreferenceService {
  get(userId: UserId): Promise<{ whoCanMessage: WhoCanMessage }>;
  /** `invalid_request` for any other value. */
  set(userId: UserId, preferences: { whoCanMessage: WhoCanMessage }): Promise<{ whoCanMessage: WhoCanMessage }>;
}

export function isWhoCanMessage(value: unknown): value is WhoCanMessage {
  return typeof value === 'string' && (WHO_CAN_MESSAGE as readonly string[]).includes(value);
}

export function createMemberPreferenceService(ctx: MessagingContext): MemberPreferenceService {
  const db = ctx.database.db;
  return {
    async get(userId) {
      const row = await db.selectFrom('messaging_member_preferences').select('who_can_message').where('user_id', '=', String(userId)).executeTakeFirst();
      return { whoCanMessage: row?.who_can_message ?? DEFAULT_WHO_CAN_MESSAGE };
    },
    async set(userId, preferences) {
      const value = preferences?.whoCanMessage;
      if (!isWhoCanMessage(value)) {
        throw new MessagingError('invalid_request', undefined, {
          details: [{ in: 'body', field: 'whoCanMessage', message: `must be one of ${WHO_CAN_MESSAGE.join(', ')}` }],
        });
      }
      const updated_at = ctx.now();
      await db
        .insertInto('messaging_member_preferences')
        .values({ user_id: String(userId), who_can_message: value, updated_at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ who_can_message: value, updated_at }))
        .execute();
      return { whoCanMessage: value };
    },
  };
}

/**
 * The recipients who do not accept a new conversation from `senderId`: those who chose
 * `nobody`, and those who chose `contacts` but share no current thread with the sender.
 * Two queries, whatever the number of recipients.
 */
export async function recipientsRefusing(db: Kysely<MessagingDatabase>, senderId: string, recipientIds: string[]): Promise<string[]> {
  if (recipientIds.length === 0) return [];
  const rows = await db
    .selectFrom('messaging_member_preferences')
    .select(['user_id', 'who_can_message'])
    .where('user_id', 'in', recipientIds)
    .where('who_can_message', '<>', 'everyone')
    .execute();
  const refusing = rows.filter((r) => r.who_can_message === 'nobody').map((r) => r.user_id);
  const contactsOnly = rows.filter((r) => r.who_can_message === 'contacts').map((r) => r.user_id);
  if (contactsOnly.length > 0) {
    const shared = await db
      .selectFrom('messaging_participants as mine')
      .innerJoin('messaging_participants as theirs', 'theirs.thread_id', 'mine.thread_id')
      .select('theirs.user_id')
      .distinct()
      .where('mine.user_id', '=', senderId)
      .where('mine.left_at', 'is', null)
      .where('theirs.user_id', 'in', contactsOnly)
      .where('theirs.left_at', 'is', null)
      .execute();
    const known = new Set(shared.map((r) => r.user_id));
    refusing.push(...contactsOnly.filter((id) => !known.has(id)));
  }
  return refusing;
}
