import { createQueryId, type Kysely } from 'kysely';
import type { DialectName } from '../../db/connection/dialect.js';
import { executePrepared } from '../../db/connection/prepared-statements.js';
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

type InboxStatement = ReturnType<ReturnType<typeof withSummaryParts>['compile']>;

/**
 * Stand-ins for a page's values in the statement compiled once per shape (below): distinct, and
 * never compared with a member's values. The row count is `limit + 1`.
 */
const STAND_IN = { viewerId: '\u0000viewer', at: '\u0000at', threadId: '\u0000thread', limit: -2 } as const;
const STAND_IN_ROWS = STAND_IN.limit + 1;

/** Per Kysely instance, the inbox statement by shape (null: a shape whose parameters are not exactly the stand-ins). */
const compiledShapes = new WeakMap<Kysely<MessagingDatabase>, Map<string, InboxStatement | null>>();

/**
 * The inbox page statement, built and compiled by Kysely once per shape (engine, archived or not,
 * first page or not) and bound to this page's values: building and compiling it on every request
 * cost about 90 µs of CPU, an eighth of the route's. Its text is the same on every call, so
 * Postgres keeps it prepared too.
 */
function inboxStatement(
  db: Kysely<MessagingDatabase>,
  engine: DialectName,
  viewerId: string,
  options: { archived: boolean; after: InboxPosition | undefined; limit: number },
): InboxStatement {
  const { archived, after, limit } = options;
  const compile = (viewer: string, at: InboxPosition | undefined, n: number) => withSummaryParts(inboxQuery(db, viewer, { archived, after: at, limit: n }), engine).compile();
  let shapes = compiledShapes.get(db);
  if (!shapes) {
    shapes = new Map();
    compiledShapes.set(db, shapes);
  }
  const shape = `${engine} ${archived ? 'archived' : 'inbox'} ${after ? 'after' : 'first'}`;
  let template = shapes.get(shape);
  if (template === undefined) {
    const compiled = compile(STAND_IN.viewerId, after && { at: STAND_IN.at, threadId: STAND_IN.threadId }, STAND_IN.limit);
    const expected = after ? [STAND_IN.viewerId, STAND_IN.at, STAND_IN.threadId, STAND_IN_ROWS] : [STAND_IN.viewerId, STAND_IN_ROWS];
    const exact = compiled.parameters.length === expected.length && expected.every((v) => compiled.parameters.includes(v));
    template = exact ? compiled : null;
    shapes.set(shape, template);
  }
  if (template === null) return compile(viewerId, after, limit);
  const values = new Map<unknown, unknown>([
    [STAND_IN.viewerId, viewerId],
    [STAND_IN.at, after?.at],
    [STAND_IN.threadId, after?.threadId],
    [STAND_IN_ROWS, limit + 1],
  ]);
  return { ...template, queryId: createQueryId(), parameters: template.parameters.map((v) => values.get(v)) } as InboxStatement;
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
