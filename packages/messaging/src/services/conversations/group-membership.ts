import type { Kysely } from 'kysely';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';
import { refuseIfBlocked } from '../safety/blocks.js';
import { emitSafely } from '../unread/unread-notify.js';
import { isUserId } from './ids.js';
import { checkSubject } from './message-text.js';
import type { ServiceDeps } from './service-deps.js';
import { eventFromRow } from './thread-events.js';
import { summarize, viewerThread } from './thread-summaries.js';
import type { ThreadEvent, ThreadSummary } from './types.js';

/** Input of `addMembers`: `actorId` is the signed-in member, never a value from the request body. */
export interface AddMembersInput {
  actorId: UserId;
  threadId: string;
  /** Who to add; numbers are taken as strings; duplicates, the actor and current members are dropped. */
  userIds: UserId[];
}

/** Input of `renameThread`: `actorId` is the signed-in member. */
export interface RenameThreadInput {
  actorId: UserId;
  threadId: string;
  /** The new subject; null or blank clears it (the thread is then called by its members' names). */
  subject: string | null;
}

/** What a membership change did: the thread as the actor sees it now, and the system line it wrote. */
export interface MembershipResult {
  thread: ThreadSummary;
  event: ThreadEvent;
}

/**
 * Group membership (`messaging.membership`): a participant of a group adds members and renames
 * it; each change writes a system line (a thread event, never a message: not unread, not
 * searched). A member added later sees the thread from that point on only, not its history.
 * Failures are `MessagingError`s; a refused call stores nothing.
 */
export interface MembershipService {
  /**
   * Adds members to a group the actor takes part in. Errors: `not_found` (no such thread, or the
   * actor is not in it), `forbidden` (a direct thread), `invalid_request` (no id, ids not valid,
   * everyone named is already in, the group would pass its limit), `invalid_recipient` (an id
   * the users adapter does not know), `recipient_unavailable` (a newcomer's "who may message
   * me", or the host's `canStartConversation` with `details.threadId`), `blocked` (a newcomer
   * blocked the actor), `suspended`.
   */
  addMembers(input: AddMembersInput): Promise<MembershipResult & { added: string[] }>;
  /** Renames a group the actor takes part in. Errors: `not_found`, `forbidden` (a direct thread), `invalid_request` (subject). */
  renameThread(input: RenameThreadInput): Promise<MembershipResult>;
  /** The most members a group may have now, everyone included (the admin's limit of others, plus one). */
  maxMembers(): Promise<number>;
}

/** Most ids one call may name (before the group limit, which is usually lower). */
const MAX_IDS_PER_CALL = 100;

function invalid(field: string, message: string): MessagingError {
  return new MessagingError('invalid_request', undefined, { details: [{ in: 'body', field, message }] });
}

/** The thread as the actor sees it (`not_found` otherwise), refused `forbidden` unless a group. */
async function groupOf(deps: ServiceDeps, actorId: string, threadId: string) {
  const row = await viewerThread(deps.ctx.database.db, actorId, threadId);
  if (row.kind !== 'group') throw new MessagingError('forbidden', 'Only a group conversation can get new members or a new name.');
  return row;
}

/**
 * Inside a transaction: holds the thread row (Postgres) so that two additions, a send and a
 * rename serialize; reads its latest message. SQLite already holds the database.
 */
async function lockThread(trx: Kysely<MessagingDatabase>, threadId: string, postgres: boolean) {
  const row = await trx
    .selectFrom('messaging_threads')
    .select(['last_message_id', 'subject'])
    .where('id', '=', threadId)
    .$if(postgres, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) throw new MessagingError('not_found');
  return row;
}

async function insertEvent(
  trx: Kysely<MessagingDatabase>,
  values: {
    thread_id: string;
    actor_id: string;
    kind: 'members_added' | 'renamed';
    user_ids: string | null;
    subject: string | null;
    after_message_id: string | number | null;
    created_at: string;
  },
): Promise<ThreadEvent> {
  const row = await trx.insertInto('messaging_thread_events').values(values).returningAll().executeTakeFirstOrThrow();
  return eventFromRow(row);
}

/** Adds members; see `MembershipService.addMembers`. */
export async function addMembers(deps: ServiceDeps, input: AddMembersInput): Promise<MembershipResult & { added: string[] }> {
  const { ctx } = deps;
  const actorId = String(input.actorId);
  const threadId = String(input.threadId);
  if (!Array.isArray(input.userIds) || input.userIds.length === 0) throw invalid('userIds', 'must name at least one member');
  if (input.userIds.length > MAX_IDS_PER_CALL) throw invalid('userIds', `must name at most ${MAX_IDS_PER_CALL} members`);
  const ids = [...new Set(input.userIds.map(String))].filter((id) => id !== actorId);
  if (!ids.every(isUserId)) throw invalid('userIds', 'must be member ids without control characters');
  await groupOf(deps, actorId, threadId);
  const db = ctx.database.db;
  const current = new Set(
    (await db.selectFrom('messaging_participants').select('user_id').where('thread_id', '=', threadId).where('left_at', 'is', null).execute()).map((r) => r.user_id),
  );
  const newcomers = ids.filter((id) => !current.has(id));
  if (newcomers.length === 0) throw invalid('userIds', 'names only members already in this conversation');
  await deps.directory.checkRecipients(newcomers);
  await deps.policy?.beforeAdd(actorId, newcomers, threadId);
  const max = (await deps.policy?.maxGroupParticipants()) ?? ctx.limits.maxGroupParticipants;

  const now = ctx.now();
  const event = await db.transaction().execute(async (trx) => {
    const thread = await lockThread(trx, threadId, ctx.database.capabilities.name === 'postgres');
    await refuseIfBlocked(trx, actorId, newcomers);
    const members = await trx.selectFrom('messaging_participants').select(['user_id', 'left_at']).where('thread_id', '=', threadId).execute();
    const inNow = members.filter((m) => m.left_at === null).map((m) => m.user_id);
    // The actor may have left (or the others added them) since the checks above.
    if (!inNow.includes(actorId)) throw new MessagingError('not_found');
    const joining = newcomers.filter((id) => !inNow.includes(id));
    if (joining.length === 0) throw invalid('userIds', 'names only members already in this conversation');
    // The limit counts the others, as when a group starts: at most `max` besides one member.
    if (inNow.length + joining.length - 1 > max) throw invalid('userIds', `would make the conversation larger than ${max + 1} members`);
    const after = thread.last_message_id;
    // Everything up to `after` stays theirs never: read, not unread, not shown.
    const fresh = {
      joined_at: now,
      joined_after_message_id: after,
      last_read_message_id: after,
      unread_count: 0,
      last_activity_at: now,
      archived_at: null,
      muted_at: null,
      left_at: null,
      left_after_message_id: null,
    };
    const returning = new Set(members.map((m) => m.user_id));
    const rejoin = joining.filter((id) => returning.has(id));
    const insert = joining.filter((id) => !returning.has(id));
    if (insert.length > 0)
      await trx
        .insertInto('messaging_participants')
        .values(insert.map((user_id) => ({ thread_id: threadId, user_id, ...fresh })))
        .execute();
    // Someone who left and is added again starts over from here, like any newcomer.
    if (rejoin.length > 0) await trx.updateTable('messaging_participants').set(fresh).where('thread_id', '=', threadId).where('user_id', 'in', rejoin).execute();
    return insertEvent(trx, {
      thread_id: threadId,
      actor_id: actorId,
      kind: 'members_added',
      user_ids: JSON.stringify(joining),
      subject: null,
      after_message_id: after,
      created_at: now,
    });
  });

  const [thread] = await summarize(deps, [await viewerThread(db, actorId, threadId)]);
  const added = event.userIds ?? [];
  emitSafely(ctx, 'thread.members_added', { threadId, actorId, userIds: added, participantIds: thread!.participants.map((p) => p.id) });
  return { thread: thread!, event, added };
}

/** Renames a group; see `MembershipService.renameThread`. */
export async function renameThread(deps: ServiceDeps, input: RenameThreadInput): Promise<MembershipResult> {
  const { ctx } = deps;
  const actorId = String(input.actorId);
  const threadId = String(input.threadId);
  const subject = checkSubject(ctx, input.subject);
  await groupOf(deps, actorId, threadId);
  const db = ctx.database.db;
  const event = await db.transaction().execute(async (trx) => {
    const thread = await lockThread(trx, threadId, ctx.database.capabilities.name === 'postgres');
    const actor = await trx
      .selectFrom('messaging_participants')
      .select('user_id')
      .where('thread_id', '=', threadId)
      .where('user_id', '=', actorId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    if (!actor) throw new MessagingError('not_found');
    await trx.updateTable('messaging_threads').set({ subject }).where('id', '=', threadId).execute();
    return insertEvent(trx, { thread_id: threadId, actor_id: actorId, kind: 'renamed', user_ids: null, subject, after_message_id: thread.last_message_id, created_at: ctx.now() });
  });
  const [thread] = await summarize(deps, [await viewerThread(db, actorId, threadId)]);
  emitSafely(ctx, 'thread.renamed', { threadId, actorId, participantIds: thread!.participants.map((p) => p.id) });
  return { thread: thread!, event };
}

/** Builds the membership service of an instance over the conversation services' dependencies. */
export function createMembershipService(deps: ServiceDeps): MembershipService {
  return {
    addMembers: (input) => addMembers(deps, input),
    renameThread: (input) => renameThread(deps, input),
    maxMembers: async () => ((await deps.policy?.maxGroupParticipants()) ?? deps.ctx.limits.maxGroupParticipants) + 1,
  };
}
