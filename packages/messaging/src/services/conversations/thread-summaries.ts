import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom as pgArrayFrom, jsonObjectFrom as pgObjectFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteArrayFrom, jsonObjectFrom as sqliteObjectFrom } from 'kysely/helpers/sqlite';
import type { DialectName } from '../../db/connection/dialect.js';
import type { MessagingDatabase, ThreadKind } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import { REMOVED_BY_MODERATOR } from '../safety/message-removal.js';
import { resolveContexts } from './conversation-context.js';
import { previewOf } from './message-text.js';
import type { ServiceDeps } from './service-deps.js';
import type { ThreadSummary } from './types.js';

/** What a summary needs of a thread as one viewer sees it (inbox row, or one thread). */
export interface ViewerThreadRow {
  thread_id: string;
  subject: string | null;
  last_message_id: string | number | null;
  last_message_at: string;
  unread_count: number;
  /** Schema version 9: the thread's kind and context, the viewer's id and where they joined a group. */
  kind?: ThreadKind | undefined;
  context_type?: string | null | undefined;
  context_id?: string | null | undefined;
  user_id?: string | undefined;
  joined_after_message_id?: string | number | null | undefined;
  /** When the viewer muted the thread (null: not muted). */
  muted_at?: string | null | undefined;
  /** Selected by {@link withSummaryParts}: the members' ids (JSON on SQLite) and the last message, so `summarize` reads nothing more. */
  members?: unknown;
  last_message?: unknown;
}

/** Orders by id (bigint ids as text), ascending. */
export function byId(a: { id: string | number }, b: { id: string | number }): number {
  const [x, y] = [BigInt(a.id), BigInt(b.id)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A JSON column as the driver hands it: parsed already on Postgres, text on SQLite. */
export function parsedJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** `jsonArrayFrom` / `jsonObjectFrom` of the engine (`json_agg` on Postgres, `json_group_array` on SQLite). */
export function jsonHelpers(engine: DialectName) {
  return engine === 'postgres' ? { arrayFrom: pgArrayFrom, objectFrom: pgObjectFrom } : { arrayFrom: sqliteArrayFrom, objectFrom: sqliteObjectFrom };
}

interface LastMessagePart {
  id: string;
  sender_id: string;
  body: string;
  created_at: string;
  deleted_at: string | null;
}

/** Selects {@link ViewerThreadRow}s: a viewer's participant rows joined to their threads. */
export function viewerThreads(db: Kysely<MessagingDatabase>, viewerId: string) {
  return db
    .selectFrom('messaging_participants as p')
    .innerJoin('messaging_threads as t', 't.id', 'p.thread_id')
    .select([
      'p.thread_id',
      't.subject',
      't.last_message_id',
      't.last_message_at',
      'p.unread_count',
      'p.last_activity_at',
      't.kind',
      't.context_type',
      't.context_id',
      'p.user_id',
      'p.joined_after_message_id',
      'p.muted_at',
    ])
    .where('p.user_id', '=', viewerId)
    .where('p.left_at', 'is', null);
}

/**
 * Adds to {@link viewerThreads} what a summary needs besides the host's names: each thread's
 * members (ids and join times, in no order) and its last message, as correlated JSON subqueries. They run
 * for the rows returned only (after the LIMIT), in the same statement: one round trip a page.
 */
export function withSummaryParts(query: ReturnType<typeof viewerThreads>, engine: DialectName) {
  const { arrayFrom, objectFrom } = jsonHelpers(engine);
  return query.select((eb) => [
    arrayFrom(
      eb.selectFrom('messaging_participants as pm').select(['pm.user_id', 'pm.joined_at']).whereRef('pm.thread_id', '=', 'p.thread_id').where('pm.left_at', 'is', null),
      // No ORDER BY: partsFromRows puts them in joining order (an aggregate keeps a subquery's order in practice only), so a sort per row would be wasted.
    ).as('members'),
    objectFrom(
      eb
        .selectFrom('messaging_messages as lm')
        // As text: a bigint id would lose digits as a JSON number.
        .select([sql<string>`cast(lm.id as text)`.as('id'), 'lm.sender_id', 'lm.body', 'lm.created_at', 'lm.deleted_at'])
        .whereRef('lm.id', '=', 't.last_message_id'),
    ).as('last_message'),
  ]);
}

/** One thread as the viewer sees it; `not_found` when it does not exist or they do not take part. */
export async function viewerThread(db: Kysely<MessagingDatabase>, viewerId: string, threadId: string): Promise<ViewerThreadRow> {
  const row = await viewerThreads(db, viewerId).where('p.thread_id', '=', threadId).executeTakeFirst();
  if (!row) throw new MessagingError('not_found');
  return row;
}

/** Members and last messages from rows of {@link withSummaryParts}: no query. */
function partsFromRows(rows: ViewerThreadRow[]) {
  // Joining order, then id: the statement leaves them unsorted.
  const members = rows.flatMap((r) =>
    parsedJson<Array<{ user_id: string; joined_at: string }>>(r.members)
      .sort((a, b) => (a.joined_at === b.joined_at ? (a.user_id < b.user_id ? -1 : 1) : a.joined_at < b.joined_at ? -1 : 1))
      .map((m) => ({ thread_id: r.thread_id, user_id: m.user_id })),
  );
  const lastMessages = rows.flatMap((r) => {
    const last = parsedJson<LastMessagePart | null>(r.last_message);
    return last ? [last] : [];
  });
  return [members, lastMessages] as const;
}

/**
 * Summaries for a page of threads with a fixed number of queries, whatever the page size: none
 * when the rows come from {@link withSummaryParts}, else one for the participants and one for the
 * last messages; and ONE `getUsers` call for everyone.
 */
export async function summarize({ ctx, directory }: ServiceDeps, rows: ViewerThreadRow[]): Promise<ThreadSummary[]> {
  if (rows.length === 0) return [];
  const db = ctx.database.db;
  const threadIds = rows.map((r) => r.thread_id);
  const lastIds = rows.flatMap((r) => (r.last_message_id === null ? [] : [r.last_message_id]));
  const [members, lastMessages] = rows.every((r) => r.members !== undefined)
    ? partsFromRows(rows)
    : await Promise.all([
        db
          .selectFrom('messaging_participants')
          .select(['thread_id', 'user_id'])
          .where('thread_id', 'in', threadIds)
          .where('left_at', 'is', null)
          .orderBy('joined_at')
          .orderBy('user_id')
          .execute(),
        lastIds.length === 0
          ? Promise.resolve([])
          : db.selectFrom('messaging_messages').select(['id', 'sender_id', 'body', 'created_at', 'deleted_at']).where('id', 'in', lastIds).execute(),
      ]);
  const contexts = rows.flatMap((r) => (r.context_type && r.context_id ? [{ type: r.context_type, id: r.context_id }] : []));
  const [people, contextOf] = await Promise.all([directory.resolve(members.map((m) => m.user_id)), resolveContexts(ctx, contexts, rows[0]!.user_id ?? '')]);
  const byThread = new Map<string, string[]>();
  for (const m of members) byThread.set(m.thread_id, [...(byThread.get(m.thread_id) ?? []), m.user_id]);
  const lastById = new Map(lastMessages.map((m) => [String(m.id), m]));

  return rows.map((row) => {
    // A member added to a group sees nothing written before they joined, not even a preview.
    const hidden = row.last_message_id === null || (row.joined_after_message_id != null && BigInt(row.last_message_id) <= BigInt(row.joined_after_message_id));
    const last = hidden ? undefined : lastById.get(String(row.last_message_id));
    return {
      id: row.thread_id,
      ...(row.kind ? { kind: row.kind } : {}),
      ...(row.context_type && row.context_id ? { context: contextOf({ type: row.context_type, id: row.context_id }) } : {}),
      subject: row.subject,
      participants: (byThread.get(row.thread_id) ?? []).map((id) => people.get(id)),
      lastMessage: last
        ? { id: String(last.id), senderId: last.sender_id, preview: last.deleted_at === null ? previewOf(last.body) : REMOVED_BY_MODERATOR, createdAt: last.created_at }
        : null,
      unreadCount: Number(row.unread_count),
      muted: row.muted_at != null,
      lastMessageAt: row.last_message_at,
    };
  });
}
