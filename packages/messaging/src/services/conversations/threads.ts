import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';
import { newThreadId } from './ids.js';
import { checkBody, checkSubject } from './message-text.js';
import { refuseIfBlocked } from '../safety/blocks.js';
import { announceMessage, appendMessage } from './messages.js';
import { notifyAtFor } from '../notifications/schedule.js';
import type { ServiceDeps } from './service-deps.js';
import { summarize, viewerThread } from './thread-summaries.js';
import type { Message, ThreadSummary } from './types.js';
import { emitSafely } from '../unread/unread-notify.js';
import { directKeyOf, lockDirectPair } from './direct-pair.js';
import { checkContext, type ConversationContext } from './conversation-context.js';
import { attachInTransaction, checkAttachmentIds } from '../attachments/linking.js';

/** Input of `startConversation`: `senderId` is the signed-in member, never a value from the request body. */
export interface StartConversationInput {
  senderId: string;
  /** Who to write to; numbers are taken as strings, duplicates and the sender are dropped. */
  recipientIds: UserId[];
  /** Optional; kept for a new thread, ignored when an existing direct thread is reused. */
  subject?: string | null;
  body: string;
  /**
   * What the conversation is about (`{ type, id }`, host-defined): a direct thread is unique per
   * pair AND context, so the same two people get one thread per listing. Checked: see `checkContext`.
   */
  context?: ConversationContext | null;
  /** Files the sender staged (`messaging.attachments.stage`) to send with the first message; at most `attachments.maxFilesPerMessage`. */
  attachmentIds?: string[];
}

export interface StartConversationResult {
  /** The thread as the sender sees it. */
  thread: ThreadSummary;
  message: Message;
  /** False when the message went to the direct thread the two already had. */
  created: boolean;
}

/** Recipients as stored: strings, deduped, without the sender; refuses none and too many. */
function recipientsOf(deps: ServiceDeps, senderId: string, recipientIds: unknown, max = deps.ctx.limits.maxGroupParticipants): string[] {
  if (!Array.isArray(recipientIds)) throw new MessagingError('invalid_recipient');
  const others = [...new Set(recipientIds.map(String))].filter((id) => id !== senderId && id !== '');
  if (others.length === 0) throw new MessagingError('invalid_recipient');
  if (others.length > max) {
    throw new MessagingError('invalid_request', `A conversation can include at most ${max} other members.`, {
      details: [{ in: 'body', field: 'recipientIds', message: `must name at most ${max} members` }],
    });
  }
  return others;
}

/** Finds the pair's direct thread or makes it; a concurrent maker's row wins through the unique key. */
async function findOrCreateDirect(
  trx: Kysely<MessagingDatabase>,
  input: { senderId: string; otherId: string; subject: string | null; context: ConversationContext | null; now: string },
): Promise<{ threadId: string; created: boolean }> {
  const directKey = directKeyOf(input.senderId, input.otherId, input.context);
  const pairKey = directKeyOf(input.senderId, input.otherId);
  // Shared with a block between the two (the pair's key, whatever the context): a first
  // message cannot commit after the block did.
  await lockDirectPair(trx, pairKey);
  // ON CONFLICT DO NOTHING: a transaction racing us for the same pair waits on the unique
  // index, then inserts nothing and reads the winner's row below (READ COMMITTED sees it).
  const inserted = await trx
    .insertInto('messaging_threads')
    .values({
      id: newThreadId(),
      kind: 'direct',
      subject: input.subject,
      direct_key: directKey,
      pair_key: pairKey,
      context_type: input.context?.type ?? null,
      context_id: input.context?.id ?? null,
      created_by: input.senderId,
      created_at: input.now,
      last_message_at: input.now,
      last_message_id: null,
    })
    .onConflict((oc) => oc.column('direct_key').doNothing())
    .returning(['id'])
    .executeTakeFirst();
  const threadId = inserted?.id ?? (await trx.selectFrom('messaging_threads').select('id').where('direct_key', '=', directKey).executeTakeFirstOrThrow()).id;
  if (!inserted) await refuseUnlessPair(trx, threadId, [input.senderId, input.otherId]);
  await addParticipants(trx, threadId, [input.senderId, input.otherId], input.now);
  // Writing again to someone who left the pair's thread brings both back into it.
  await trx.updateTable('messaging_participants').set({ left_at: null }).where('thread_id', '=', threadId).where('left_at', 'is not', null).execute();
  return { threadId, created: inserted !== undefined };
}

/**
 * Defence in depth: a found direct thread must hold exactly the pair (either of them possibly
 * as a left row). Anything else means the key and the members disagree (a corrupted or
 * forged row); adding the pair to it would show one member someone else's conversation.
 */
async function refuseUnlessPair(trx: Kysely<MessagingDatabase>, threadId: string, pair: [string, string]): Promise<void> {
  const rows = await trx.selectFrom('messaging_participants').select('user_id').where('thread_id', '=', threadId).execute();
  const members = new Set(rows.map((r) => r.user_id));
  if (members.size === 2 && pair.every((id) => members.has(id))) return;
  // A plain Error: logged with its stack and answered as a bare 500, so the id stays in the log.
  throw new Error(`messaging: the direct thread ${threadId} stored for this pair holds other members; nothing was sent and nobody was added.`);
}

async function addParticipants(trx: Kysely<MessagingDatabase>, threadId: string, userIds: string[], now: string): Promise<void> {
  await trx
    .insertInto('messaging_participants')
    .values(
      userIds.map((user_id) => ({
        thread_id: threadId,
        user_id,
        joined_at: now,
        last_read_message_id: null,
        last_activity_at: now,
        archived_at: null,
        muted_at: null,
        left_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['thread_id', 'user_id']).doNothing())
    .execute();
}

async function createGroup(
  trx: Kysely<MessagingDatabase>,
  input: { senderId: string; recipientIds: string[]; subject: string | null; context: ConversationContext | null; now: string },
): Promise<string> {
  const threadId = newThreadId();
  await trx
    .insertInto('messaging_threads')
    .values({
      id: threadId,
      kind: 'group',
      subject: input.subject,
      direct_key: null,
      context_type: input.context?.type ?? null,
      context_id: input.context?.id ?? null,
      created_by: input.senderId,
      created_at: input.now,
      last_message_at: input.now,
      last_message_id: null,
    })
    .execute();
  await addParticipants(trx, threadId, [input.senderId, ...input.recipientIds], input.now);
  return threadId;
}

/** Starts (or continues) a conversation; see `ConversationService.startConversation`. */
export async function startConversation(deps: ServiceDeps, input: StartConversationInput): Promise<StartConversationResult> {
  const { ctx, directory } = deps;
  const senderId = String(input.senderId);
  const recipientIds = recipientsOf(deps, senderId, input.recipientIds, await deps.policy?.maxGroupParticipants());
  const attachmentIds = checkAttachmentIds(deps.attachments ?? null, input.attachmentIds);
  const body = checkBody(ctx, input.body, { withFiles: attachmentIds.length > 0 });
  const subject = checkSubject(ctx, input.subject);
  const context = checkContext(input.context);
  await directory.checkRecipients(recipientIds);
  await deps.policy?.beforeStart(senderId, recipientIds, context);

  const now = ctx.now();
  const notifyAt = notifyAtFor(deps.notifyDelayMs, now);
  const { threadId, created, appended, attachments } = await ctx.database.db.transaction().execute(async (trx) => {
    // A new group with someone who blocked the sender is refused before anything is written;
    // a direct thread is checked by appendMessage (its rows roll back with the throw).
    if (recipientIds.length > 1) await refuseIfBlocked(trx, senderId, recipientIds);
    const { threadId, created } =
      recipientIds.length === 1
        ? await findOrCreateDirect(trx, { senderId, otherId: recipientIds[0]!, subject, context, now })
        : { threadId: await createGroup(trx, { senderId, recipientIds, subject, context, now }), created: true };
    const appended = await appendMessage(trx, { threadId, senderId, body, now, lockedAtBegin: ctx.database.capabilities.lockedAtBegin, notifyAt });
    const attachments = await attachInTransaction(trx, { messageId: appended.message.id, threadId, senderId, attachmentIds });
    return { threadId, created, appended, attachments };
  });

  if (created) {
    emitSafely(ctx, 'thread.created', { threadId, createdBy: senderId, participantIds: [senderId, ...recipientIds], kind: appended.kind });
  }
  await announceMessage(deps, appended);
  const [thread] = await summarize(deps, [await viewerThread(ctx.database.db, senderId, threadId)]);
  return { thread: thread!, message: deps.attachments ? { ...appended.message, attachments } : appended.message, created };
}
