import type { Kysely } from 'kysely';
import { openedSync, type SyncSqlite } from '../../db/connection/sqlite.js';
import type { MessagingDatabase, ThreadKind } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import { checkBody } from './message-text.js';
import { emitSafely, announceTotals, announceUnread } from '../unread/unread-notify.js';
import { callPostgresReply, type ReplyHead, type ReplyWritten, sqliteReplyHead, sqliteReplyWrite, unreadTotalChanged } from './reply-write.js';
import type { ServiceDeps } from './service-deps.js';
import { notifyAtFor, scheduleInTransaction } from '../notifications/schedule.js';
import type { Message } from './types.js';
import { attachInTransaction, attachSync, checkAttachmentIds } from '../attachments/linking.js';
import type { MessageAttachment } from '../attachments/types.js';
import { createThreadMemberMemory, partnerBeforeReply } from './reply-partners.js';

/** Input of `sendMessage`: `senderId` is the signed-in member, never a value from the request body. */
export interface SendMessageInput {
  senderId: string;
  threadId: string;
  body: string;
  /** Files the sender staged (`messaging.attachments.stage`) to send with it; at most `attachments.maxFilesPerMessage`. */
  attachmentIds?: string[];
}

/** What {@link appendMessage} did, for the events sent after the commit. */
export interface AppendedMessage {
  message: Message;
  kind: ThreadKind;
  /** Current participants other than the sender. */
  recipientIds: string[];
  /** Members whose unread total this message changed (recipients not muting the thread; the sender if they had unread ones). */
  unreadChanged: string[];
}

/**
 * Adds a message inside the caller's transaction. Messages of one thread must get their ids in
 * commit order and concurrent sends must never deadlock, so every writer holds the thread
 * before any participant row: on Postgres (and a host's SQLite Kysely) the first statement
 * locks the thread row; the package's own SQLite transactions already hold the whole database
 * from BEGIN IMMEDIATE and skip that statement. Then one read of the members (with the thread's
 * kind and whether any of them blocked the sender), the INSERT, the thread's latest message,
 * and for every current participant one UPDATE: activity time, archive cleared (a new message
 * brings the thread back), unread +1 for the others, the sender's read mark on their message.
 */
export async function appendMessage(
  trx: Kysely<MessagingDatabase>,
  input: { threadId: string; senderId: string; body: string; now: string; lockedAtBegin: boolean; notifyAt?: string | null },
): Promise<AppendedMessage> {
  const { threadId, senderId, body, now } = input;
  if (!input.lockedAtBegin) {
    const locked = await trx.updateTable('messaging_threads').set({ last_message_at: now }).where('id', '=', threadId).returning(['id']).executeTakeFirst();
    if (!locked) throw new MessagingError('not_found');
  }

  const members = await trx
    .selectFrom('messaging_participants as p')
    .innerJoin('messaging_threads as t', 't.id', 'p.thread_id')
    .select((eb) => [
      'p.user_id',
      'p.unread_count',
      'p.muted_at',
      't.kind',
      eb.exists(eb.selectFrom('messaging_blocks as b').select('b.blocker_id').whereRef('b.blocker_id', '=', 'p.user_id').where('b.blocked_id', '=', senderId)).as('blocked_sender'),
    ])
    .where('p.thread_id', '=', threadId)
    .where('p.left_at', 'is', null)
    .execute();
  const sender = members.find((m) => m.user_id === senderId);
  // A thread the sender is not in looks exactly like one that does not exist.
  if (!sender) throw new MessagingError('not_found');
  const others = members.filter((m) => m.user_id !== senderId);
  const kind = sender.kind;
  // A block stops direct threads; an existing group goes on (a new one is checked at its start).
  if (kind === 'direct' && others.some((m) => Boolean(m.blocked_sender))) throw new MessagingError('blocked');

  const inserted = await trx
    .insertInto('messaging_messages')
    .values({ thread_id: threadId, sender_id: senderId, body, created_at: now, edited_at: null, deleted_at: null })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await trx.updateTable('messaging_threads').set({ last_message_at: now, last_message_id: inserted.id }).where('id', '=', threadId).execute();
  await trx
    .updateTable('messaging_participants')
    .set((eb) => ({
      last_activity_at: now,
      archived_at: null,
      unread_count: eb
        .case()
        .when('user_id', '=', senderId)
        .then(0)
        .else(eb('unread_count', '+', 1))
        .end(),
      // A bound value, not a literal: one statement text for every send (the SQLite driver keeps it prepared).
      last_read_message_id: eb.case().when('user_id', '=', senderId).then(eb.val(inserted.id)).else(eb.ref('last_read_message_id')).end(),
    }))
    .where('thread_id', '=', threadId)
    .where('left_at', 'is', null)
    .execute();
  await scheduleInTransaction(trx, threadId, inserted.id, input.notifyAt ?? null);

  const unreadChanged = others.filter((m) => m.muted_at === null).map((m) => m.user_id);
  if (Number(sender.unread_count) > 0 && sender.muted_at === null) unreadChanged.push(senderId);
  return {
    message: { id: String(inserted.id), threadId, senderId, body, createdAt: now },
    kind,
    recipientIds: others.map((m) => m.user_id),
    unreadChanged,
  };
}

/**
 * After a new thread's first message committed: `message.sent` (ids only) and the changed
 * unread totals. On Postgres the thread's members are remembered too, so that its first reply
 * checks its partner before its transaction without reading them (reply-partners.ts).
 */
export async function announceMessage(deps: ServiceDeps, appended: AppendedMessage): Promise<void> {
  const { message, recipientIds } = appended;
  const memory = deps.threadMembers;
  if (memory && deps.ctx.database.capabilities.name === 'postgres') {
    if (appended.kind === 'group') memory.set(message.threadId, 'group');
    else if (recipientIds.length === 1 && recipientIds[0] !== undefined) memory.set(message.threadId, [message.senderId, recipientIds[0]]);
  }
  emitSafely(deps.ctx, 'message.sent', { threadId: message.threadId, messageId: message.id, senderId: message.senderId, recipientIds });
  await announceUnread(deps.ctx, appended.unreadChanged);
}

/**
 * The other member of a direct thread the sender is in; null for a group, for a thread the
 * sender is not in (appendMessage then answers not_found, telling nothing about it) and for a
 * direct thread without a second row.
 */
async function directPartnerOf(db: Kysely<MessagingDatabase>, threadId: string, senderId: string): Promise<string | null> {
  const row = await db
    .selectFrom('messaging_participants as p')
    .innerJoin('messaging_threads as t', 't.id', 'p.thread_id')
    .innerJoin('messaging_participants as me', (join) => join.onRef('me.thread_id', '=', 'p.thread_id').on('me.user_id', '=', senderId).on('me.left_at', 'is', null))
    .select('p.user_id')
    .where('p.thread_id', '=', threadId)
    .where('t.kind', '=', 'direct')
    .where('p.user_id', '<>', senderId)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Refuses a reply its head rules out: `suspended`, `not_found` (no thread, or not the sender's). */
function refuseByHead(deps: ServiceDeps, head: ReplyHead): ThreadKind {
  if (deps.policy && head.suspended) throw new MessagingError('suspended');
  // A thread the sender is not in looks exactly like one that does not exist.
  if (head.kind === null || !head.member) throw new MessagingError('not_found');
  return head.kind;
}

/** Refuses a reply its head rules out: {@link refuseByHead}, then `invalid_recipient` (a deleted partner). */
async function checkReplyHead(deps: ServiceDeps, head: ReplyHead): Promise<ThreadKind> {
  const kind = refuseByHead(deps, head);
  // A reply in a direct thread goes to one member: refused, like a new thread to them, once the
  // host's users adapter no longer knows them (account deleted). A group goes on without them.
  if (head.partner !== null) await deps.directory.checkRecipients([head.partner], 'reply');
  return kind;
}

/** What a reply writes, checked and ready. */
interface ReplyRequest {
  senderId: string;
  threadId: string;
  body: string;
  now: string;
  notifyAt: string | null;
  attachmentIds: string[];
}

/** A committed reply: its message and events ({@link appendedOf}) and the files linked to it. */
interface SentReply {
  appended: AppendedMessage;
  totals: Map<string, number>;
  attachments: MessageAttachment[];
}

/** Thrown in a Postgres reply's transaction whose locked head names another partner than the one checked before it: rolls back, and the reply starts over. */
class PartnerMoved extends Error {}

/**
 * A reply on Postgres, one round trip in the steady state: the reply function (migration
 * 0013) locks the thread, reads the head and writes, in its own transaction. The users
 * adapter is asked about the direct partner BEFORE the call (the partner from the instance's
 * memory, reply-partners.ts; on a miss one read without a lock), so a slow adapter holds
 * neither the thread's row lock nor a connection. It is still asked on every reply: a member
 * deleted a moment ago is refused at once (the call then writes nothing), and its refusal waits
 * for the head, so that `suspended` and `not_found` come first as they always did. If the head
 * names another partner (forgetUser put a tombstone in their place since), nothing was written
 * and the reply starts over from a fresh read, in a transaction that checks the new partner
 * under the lock. A send that links files makes the same call in a transaction of its own,
 * which links them before it commits.
 */
async function postgresReply(deps: ServiceDeps, input: ReplyRequest, lastTry = false): Promise<SentReply> {
  const { ctx } = deps;
  const { senderId, threadId, body, now, notifyAt, attachmentIds } = input;
  const memory = deps.threadMembers ?? createThreadMemberMemory();
  const partner = await partnerBeforeReply(ctx.database.db, memory, threadId, senderId);
  let refusal: { error: unknown } | undefined;
  if (partner !== null) {
    try {
      await deps.directory.checkRecipients([partner], 'reply');
    } catch (error) {
      refusal = { error };
    }
  }
  const reply = { senderId, threadId, body, now, notifyAt };
  const suspensionRefuses = Boolean(deps.policy);
  /** The head's refusals first, then a moved partner, then the adapter's refusal; the kind when the reply may go on. */
  const judge = (head: ReplyHead): ThreadKind => {
    const kind = refuseByHead(deps, head);
    if (head.partner !== partner) throw new PartnerMoved();
    if (refusal) throw refusal.error;
    return kind;
  };
  try {
    if (attachmentIds.length === 0 && !lastTry) {
      const { head, written } = await callPostgresReply(ctx.database.db, reply, { partner, write: !refusal, suspensionRefuses });
      const kind = judge(head);
      return { ...appendedOf(writtenOrRefused(written), { ...reply, kind }), attachments: [] };
    }
    return await ctx.database.db.transaction().execute(async (trx) => {
      let call = await callPostgresReply(trx, reply, { partner, write: !refusal && !lastTry, suspensionRefuses });
      let kind: ThreadKind;
      if (lastTry) {
        // The head alone, locked: a partner that moved again is checked under the lock, then the write.
        kind = refuseByHead(deps, call.head);
        if (call.head.partner !== partner) await checkReplyHead(deps, call.head);
        else if (refusal) throw refusal.error;
        call = await callPostgresReply(trx, reply, { partner: call.head.partner, write: true, suspensionRefuses });
      } else kind = judge(call.head);
      const done = appendedOf(writtenOrRefused(call.written), { ...reply, kind });
      const attachments = await attachInTransaction(trx, { messageId: done.appended.message.id, threadId, senderId, attachmentIds });
      return { ...done, attachments };
    });
  } catch (err) {
    if (!(err instanceof PartnerMoved) || lastTry) throw err;
    memory.delete(threadId);
    return postgresReply(deps, input, true);
  }
}

/** A call that passed the head always wrote or refused; nothing else can come back. */
function writtenOrRefused(written: ReplyWritten | undefined): ReplyWritten {
  if (!written) throw new Error('messaging: the reply function answered its head alone for a reply it was asked to write');
  return written;
}

/** The write's answer as the events need it, with the changed members' totals. */
function appendedOf(written: ReplyWritten, input: { threadId: string; senderId: string; body: string; now: string; kind: ThreadKind }) {
  if (written.refused) throw new MessagingError(written.refused);
  const { senderId } = input;
  const others = written.changed.filter((m) => m.userId !== senderId);
  const sender = written.changed.find((m) => m.userId === senderId);
  const unreadChanged = others.filter((m) => unreadTotalChanged(m, senderId));
  if (sender && unreadTotalChanged(sender, senderId)) unreadChanged.push(sender);
  const appended: AppendedMessage = {
    message: { id: written.messageId, threadId: input.threadId, senderId, body: input.body, createdAt: input.now },
    kind: input.kind,
    recipientIds: others.map((m) => m.userId),
    unreadChanged: unreadChanged.map((m) => m.userId),
  };
  return { appended, totals: new Map(unreadChanged.map((m) => [m.userId, m.unreadTotal])) };
}

/**
 * Replies in a thread; see `ConversationService.sendMessage`. On the package's own connections
 * the reply is written out in reply-statements.ts: Postgres waits for one round trip (the
 * reply function, which locks the thread, reads the head and writes), SQLite runs its write's
 * statements back to back with no await. A host's own Kysely takes the general path.
 */
export async function sendMessage(deps: ServiceDeps, input: SendMessageInput): Promise<Message> {
  const { ctx } = deps;
  const attachmentIds = checkAttachmentIds(deps.attachments ?? null, input.attachmentIds);
  const body = checkBody(ctx, input.body, { withFiles: attachmentIds.length > 0 });
  const senderId = String(input.senderId);
  const threadId = String(input.threadId);
  const { db, capabilities, sqliteSync } = ctx.database;
  const now = ctx.now();
  const notifyAt = notifyAtFor(deps.notifyDelayMs, now);
  // Linked in the send's transaction; none named: no statement (a plain reply keeps its round trips).
  let attachments: MessageAttachment[] = [];
  const withFiles = (message: Message): Message => (deps.attachments ? { ...message, attachments } : message);
  let sent: { appended: AppendedMessage; totals: Map<string, number> } | undefined;
  if (capabilities.name === 'postgres') {
    const reply = await postgresReply(deps, { senderId, threadId, body, now, notifyAt, attachmentIds });
    attachments = reply.attachments;
    sent = reply;
  } else if (sqliteSync) {
    // The statements run on Kysely's one connection: at once while nothing of Kysely's holds it,
    // else once it is handed over (its other queries then wait).
    const onConnection = <T>(run: (sync: SyncSqlite) => T): T | Promise<T> => {
      const sync = sqliteSync();
      return sync?.idle() ? run(sync) : db.connection().execute(async () => run(openedSync(sqliteSync)));
    };
    const kind = await checkReplyHead(deps, await onConnection((sync) => sqliteReplyHead(sync, senderId, threadId)));
    const written = await onConnection((sync) =>
      sqliteReplyWrite(sync, {
        senderId,
        threadId,
        kind,
        body,
        now,
        notifyAt,
        afterInsert: (messageId) => (attachments = attachSync(sync, { messageId, threadId, senderId, attachmentIds })),
      }),
    );
    sent = appendedOf(written, { threadId, senderId, body, now, kind });
  }
  if (sent) {
    const { message, recipientIds } = sent.appended;
    emitSafely(ctx, 'message.sent', { threadId, messageId: message.id, senderId, recipientIds });
    await announceTotals(ctx, sent.totals);
    return withFiles(message);
  }

  await deps.policy?.beforeSend(senderId);
  const partner = await directPartnerOf(db, threadId, senderId);
  if (partner !== null) await deps.directory.checkRecipients([partner], 'reply');
  const appended = await db.transaction().execute(async (trx) => {
    const done = await appendMessage(trx, { threadId, senderId, body, now, lockedAtBegin: capabilities.lockedAtBegin, notifyAt });
    attachments = await attachInTransaction(trx, { messageId: done.message.id, threadId, senderId, attachmentIds });
    return done;
  });
  await announceMessage(deps, appended);
  return withFiles(appended.message);
}
