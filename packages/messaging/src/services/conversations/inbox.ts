import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/connection/dialect.js';
import { executePrepared } from '../../db/connection/prepared-statements.js';
import { statementTemplate } from '../../db/connection/statement-templates.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import { clampLimit, type ServiceDeps } from './service-deps.js';
import { summarize, viewerThreads, withSummaryParts } from './thread-summaries.js';
import type { Page, ThreadSummary } from './types.js';

/** Options of `listThreads`. */
export interface ListThreadsOptions {
  /** The `nextCursor` of the page before; absent for the first page. */
  cursor?: string;
  /** Threads per page. @default 20 (at most 100) */
  limit?: number;
  /** Only archived threads instead of the ones not archived. @default false */
  archived?: boolean;
}

/** Where a page ends: the last row's activity time and thread id. */
export interface InboxPosition {
  at: string;
  threadId: string;
}

/** The opaque inbox cursor: the last row's (activity time, thread id) as base64url JSON. */
function encodeInboxCursor(position: InboxPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.threadId])).toString('base64url');
}

function decodeInboxCursor(cursor: string): InboxPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Both parts are visible ASCII (an ISO time, a thread id): anything else (a NUL, which
    // Postgres text cannot hold) is a forged cursor, refused before it reaches the query.
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string' && /^[\x21-\x7e]{1,100}$/.test(part))) {
      return { at: value[0], threadId: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new MessagingError('invalid_request', 'The cursor is not valid.', {
    details: [{ in: 'query', field: 'cursor', message: 'must be a nextCursor this API returned' }],
  });
}

/**
 * One inbox page's rows (one more than `limit`, to tell whether a page follows): one range of
 * the `(user_id, last_activity_at, thread_id)` index read backwards from the cursor. The
 * cursor is a row-value comparison `(a, b) < (?, ?)`, which both engines turn into the start
 * of the index range; the equivalent `a < ? OR (a = ? AND b < ?)` reads every one of the
 * member's rows and filters them, so deep pages cost what the whole inbox costs.
 */
export function inboxQuery(db: Kysely<MessagingDatabase>, viewerId: string, options: { archived: boolean; after: InboxPosition | undefined; limit: number }) {
  const { after } = options;
  let query = viewerThreads(db, viewerId)
    .where('p.archived_at', options.archived ? 'is not' : 'is', null)
    .orderBy('p.last_activity_at', 'desc')
    .orderBy('p.thread_id', 'desc')
    .limit(options.limit + 1);
  if (after) {
    query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('p.last_activity_at', 'p.thread_id'), '<', tuple(after.at, after.threadId)));
  }
  return query;
}

/**
 * Stand-ins for a page's values in its statement template (statement-templates.ts): distinct,
 * and never compared with a member's values. The last is the row count, `limit + 1`.
 */
const STAND_IN = { viewerId: '\u0000viewer', at: '\u0000at', threadId: '\u0000thread', rows: -1 } as const;

type InboxValues = [viewerId: string, at: string | undefined, threadId: string | undefined, rows: number];
type InboxTemplate = ReturnType<typeof inboxTemplate>;

/** The statement template of one shape of inbox page; `continued`: a page after a cursor. */
function inboxTemplate(engine: DialectName, archived: boolean, continued: boolean) {
  return statementTemplate(
    (db: Kysely<MessagingDatabase>, ...[viewerId, at, threadId, rows]: InboxValues) =>
      withSummaryParts(inboxQuery(db, viewerId, { archived, after: at === undefined || threadId === undefined ? undefined : { at, threadId }, limit: rows - 1 }), engine),
    [STAND_IN.viewerId, continued ? STAND_IN.at : undefined, continued ? STAND_IN.threadId : undefined, STAND_IN.rows] as InboxValues,
  );
}

/** The inbox statement by shape: engine, archived or not, first page or not. */
const inboxTemplates = new Map<string, InboxTemplate>();

/** The inbox page statement, built and compiled once per shape and Kysely instance, bound to this page's values. */
function inboxStatement(db: Kysely<MessagingDatabase>, engine: DialectName, viewerId: string, options: { archived: boolean; after: InboxPosition | undefined; limit: number }) {
  const { archived, after, limit } = options;
  const shape = `${engine} ${archived ? 'archived' : 'inbox'} ${after ? 'after' : 'first'}`;
  let template = inboxTemplates.get(shape);
  if (!template) {
    template = inboxTemplate(engine, archived, after !== undefined);
    inboxTemplates.set(shape, template);
  }
  return template(db, viewerId, after?.at, after?.threadId, limit + 1);
}

/**
 * The viewer's threads, latest activity first, continued by keyset (never OFFSET, so a page
 * stays cheap however deep and nothing is skipped or repeated when new messages arrive
 * between pages). See {@link inboxQuery}.
 */
export async function listThreads(deps: ServiceDeps, viewerId: string, options: ListThreadsOptions): Promise<Page<ThreadSummary>> {
  const limit = clampLimit(options.limit);
  const after = options.cursor ? decodeInboxCursor(options.cursor) : undefined;
  const { db, capabilities } = deps.ctx.database;
  // One statement, compiled once and prepared once per Postgres connection: the page's rows with their members and last messages.
  const rows = await executePrepared(db, inboxStatement(db, capabilities.name, viewerId, { archived: options.archived === true, after, limit }));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await summarize(deps, page),
    nextCursor: rows.length > limit && last ? encodeInboxCursor({ at: last.last_activity_at, threadId: last.thread_id }) : null,
  };
}

/**
 * Whether the viewer has an archived thread they still take part in: one EXISTS over the
 * start of their `(user_id, ...)` inbox index, asked only when their inbox is empty so the
 * page can say where their conversations went.
 */
export async function hasArchivedThreads(db: Kysely<MessagingDatabase>, viewerId: string): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) =>
      eb
        .exists(
          eb
            .selectFrom('messaging_participants as p')
            .select('p.thread_id')
            .where('p.user_id', '=', viewerId)
            .where('p.archived_at', 'is not', null)
            .where('p.left_at', 'is', null),
        )
        .as('found'),
    )
    .executeTakeFirstOrThrow();
  return Boolean(Number(row.found));
}
