import type { MessagingContext } from '../../context.js';
import type { ParticipantUpdate } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';
import { lockThreads } from '../operations/counters.js';
import { announceUnread } from '../unread/unread-notify.js';

/**
 * Per-member control of a thread (`messaging.inboxControls`): archive, mute, leave. Each acts
 * on the viewer's own participant row only; a thread the viewer is not in (or has left) is
 * `not_found`, exactly as one that does not exist. Every method is idempotent.
 */
export interface InboxControlService {
  /** Takes the thread out of the inbox (into the Archived view) until a new message arrives. */
  archive(viewerId: UserId, threadId: string): Promise<void>;
  /** Brings an archived thread back into the inbox. */
  unarchive(viewerId: UserId, threadId: string): Promise<void>;
  /** The thread still collects messages but adds nothing to the badge or to live alerts. */
  mute(viewerId: UserId, threadId: string): Promise<void>;
  unmute(viewerId: UserId, threadId: string): Promise<void>;
  /**
   * Leaves a group thread: the viewer no longer sees it (404) and its new messages do not
   * count for them. A direct thread cannot be left (`invalid_request`): archive it instead.
   */
  leave(viewerId: UserId, threadId: string): Promise<void>;
  /** Whether the viewer has archived / muted the thread (`not_found` when not a participant). */
  stateOf(viewerId: UserId, threadId: string): Promise<{ archived: boolean; muted: boolean; kind: 'direct' | 'group' }>;
}

export function createInboxControlService(ctx: MessagingContext): InboxControlService {
  const db = ctx.database.db;

  /** Updates the viewer's current row; `not_found` when there is none. Returns the row as it was. */
  async function change(viewerId: UserId, threadId: string, set: (now: string) => ParticipantUpdate) {
    const viewer = String(viewerId);
    const before = await db
      .selectFrom('messaging_participants as p')
      .innerJoin('messaging_threads as t', 't.id', 'p.thread_id')
      .select(['t.kind', 'p.unread_count', 'p.muted_at', 'p.archived_at'])
      .where('p.thread_id', '=', String(threadId))
      .where('p.user_id', '=', viewer)
      .where('p.left_at', 'is', null)
      .executeTakeFirst();
    if (!before) throw new MessagingError('not_found');
    return {
      before,
      apply: async () => {
        await db
          .updateTable('messaging_participants')
          .set(set(ctx.now()))
          .where('thread_id', '=', String(threadId))
          .where('user_id', '=', viewer)
          .where('left_at', 'is', null)
          .execute();
      },
    };
  }

  /** Muting, unmuting or leaving a thread that holds unread messages changes the badge. */
  async function announceIfUnread(viewerId: UserId, unreadCount: number): Promise<void> {
    if (Number(unreadCount) > 0) await announceUnread(ctx, [String(viewerId)]);
  }

  return {
    async archive(viewerId, threadId) {
      const { before, apply } = await change(viewerId, threadId, (now) => ({ archived_at: now }));
      if (before.archived_at === null) await apply();
    },
    async unarchive(viewerId, threadId) {
      const { apply } = await change(viewerId, threadId, () => ({ archived_at: null }));
      await apply();
    },
    async mute(viewerId, threadId) {
      const { before, apply } = await change(viewerId, threadId, (now) => ({ muted_at: now }));
      if (before.muted_at !== null) return;
      await apply();
      await announceIfUnread(viewerId, before.unread_count);
    },
    async unmute(viewerId, threadId) {
      const { before, apply } = await change(viewerId, threadId, () => ({ muted_at: null }));
      if (before.muted_at === null) return;
      await apply();
      await announceIfUnread(viewerId, before.unread_count);
    },
    async leave(viewerId, threadId) {
      const { before } = await change(viewerId, threadId, () => ({}));
      if (before.kind === 'direct') {
        throw new MessagingError('invalid_request', 'A conversation between two people cannot be left: archive it instead.', {
          details: [{ in: 'params', field: 'threadId', message: 'must be a group conversation' }],
        });
      }
      await db.transaction().execute(async (trx) => {
        // Holds the thread as a send does, so the leave mark (where the member's export stops)
        // and the sends agree on which messages reached them.
        await lockThreads(trx, [String(threadId)]);
        const thread = await trx.selectFrom('messaging_threads').select('last_message_id').where('id', '=', String(threadId)).executeTakeFirst();
        await trx
          .updateTable('messaging_participants')
          .set({ left_at: ctx.now(), unread_count: 0, left_after_message_id: thread?.last_message_id ?? null })
          .where('thread_id', '=', String(threadId))
          .where('user_id', '=', String(viewerId))
          .where('left_at', 'is', null)
          .execute();
      });
      if (before.muted_at === null) await announceIfUnread(viewerId, before.unread_count);
    },
    async stateOf(viewerId, threadId) {
      const { before } = await change(viewerId, threadId, () => ({}));
      return { archived: before.archived_at !== null, muted: before.muted_at !== null, kind: before.kind };
    },
  };
}
