import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';
import { recipientsRefusing } from './member-preferences.js';
import type { AdminLimitsService } from '../settings/admin-limits.js';
import { isSuspended } from './suspensions.js';
import { directKeyOf } from '../conversations/direct-pair.js';
import type { ConversationContext } from '../../options.js';

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
  beforeStart(senderId: string, recipientIds: string[], context?: ConversationContext | null): Promise<void>;
  /**
   * Before members are added to an existing group: `suspended`; then `recipient_unavailable`
   * when a newcomer's "who may message me" or the host's `canStartConversation` (with
   * `details.threadId`) refuses it. Blocks are checked in the adding transaction.
   */
  beforeAdd(adderId: string, newcomerIds: string[], threadId: string): Promise<void>;
  /** The most other members a group may have now (an admin's setting over `limits.maxGroupParticipants`). */
  maxGroupParticipants(): Promise<number>;
}

/** The policy of an instance; `limits` is its admin limits service (for the group size). */
export function createSendingPolicy(ctx: MessagingContext, limits: Pick<AdminLimitsService, 'get'>): SendingPolicy {
  const db = ctx.database.db;

  async function beforeSend(senderId: string): Promise<void> {
    if (await isSuspended(db, senderId)) throw new MessagingError('suspended');
  }

  /** Each newcomer's "who may message me", then the host's veto: `recipient_unavailable`. */
  async function refuseUnwelcome(senderId: string, ids: string[], field: string, details: { context?: ConversationContext; threadId?: string }): Promise<void> {
    const refusing = await recipientsRefusing(db, senderId, ids);
    if (refusing.length > 0) {
      throw new MessagingError('recipient_unavailable', undefined, {
        details: [{ in: 'body', field, message: 'names a member who is not accepting new conversations from you', ids: refusing }],
      });
    }
    const hook = ctx.options.canStartConversation;
    // Two arguments as before when there is nothing more to say (a plain new conversation).
    const allowed = hook && (Object.keys(details).length > 0 ? await hook(senderId, [...ids], details) : await hook(senderId, [...ids]));
    if (hook && !allowed) throw new MessagingError('recipient_unavailable');
  }

  return {
    beforeSend,
    maxGroupParticipants: async () => (await limits.get()).maxGroupParticipants,
    async beforeStart(senderId, recipientIds, context = null) {
      await beforeSend(senderId);
      if (recipientIds.length === 1) {
        // The thread about this context (or the one without): another context is a new conversation.
        const existing = await db
          .selectFrom('messaging_threads')
          .select('id')
          .where('direct_key', '=', directKeyOf(senderId, recipientIds[0]!, context))
          .executeTakeFirst();
        if (existing) return;
      }
      await refuseUnwelcome(senderId, recipientIds, 'recipientIds', context ? { context: { ...context } } : {});
    },
    async beforeAdd(adderId, newcomerIds, threadId) {
      await beforeSend(adderId);
      await refuseUnwelcome(adderId, newcomerIds, 'userIds', { threadId });
    },
  };
}
