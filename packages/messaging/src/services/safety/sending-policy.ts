import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';
import { recipientsRefusing } from './member-preferences.js';
import type { AdminLimitsService } from '../settings/admin-limits.js';
import { isSuspended } from './suspensions.js';
import { directKeyOf } from '../conversations/direct-pair.js';

/**
 * The member-safety checks the conversation services run before they write: suspensions,
 * each recipient's "who may message me" and the host's `canStartConversation` veto. Blocks
 * are checked inside the sending transaction itself (threads.ts, messages.ts).
 */
export interface SendingPolicy {
  /** Before a reply: `suspended` when a moderator stopped the sender. */
  beforeSend(senderId: string): Promise<void>;
  /**
   * Before a conversation starts: `suspended`; then, only when it would make a new thread (a
   * group, or a pair without a direct thread yet), `recipient_unavailable` when a recipient's
   * preference or the host's hook refuses it.
   */
  beforeStart(senderId: string, recipientIds: string[]): Promise<void>;
  /** The most other members a group may have now (an admin's setting over `limits.maxGroupParticipants`). */
  maxGroupParticipants(): Promise<number>;
}

/** The policy of an instance; `limits` is its admin limits service (for the group size). */
export function createSendingPolicy(ctx: MessagingContext, limits: Pick<AdminLimitsService, 'get'>): SendingPolicy {
  const db = ctx.database.db;

  async function beforeSend(senderId: string): Promise<void> {
    if (await isSuspended(db, senderId)) throw new MessagingError('suspended');
  }

  return {
    beforeSend,
    maxGroupParticipants: async () => (await limits.get()).maxGroupParticipants,
    async beforeStart(senderId, recipientIds) {
      await beforeSend(senderId);
      if (recipientIds.length === 1) {
        const existing = await db.selectFrom('messaging_threads').select('id').where('direct_key', '=', directKeyOf(senderId, recipientIds[0]!)).executeTakeFirst();
        if (existing) return;
      }
      const refusing = await recipientsRefusing(db, senderId, recipientIds);
      if (refusing.length > 0) {
        throw new MessagingError('recipient_unavailable', undefined, {
          details: [{ in: 'body', field: 'recipientIds', message: 'names a member who is not accepting new conversations from you', ids: refusing }],
        });
      }
      const hook = ctx.options.canStartConversation;
      if (hook && !(await hook(senderId, [...recipientIds]))) throw new MessagingError('recipient_unavailable');
    },
  };
}
