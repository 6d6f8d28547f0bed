import { type Kysely, sql } from 'kysely';
import type { MessagingContext } from '../../context.js';
import { executePrepared } from '../../db/connection/prepared-statements.js';
import { statementTemplate } from '../../db/connection/statement-templates.js';
import type { MessagingDatabase } from '../../db/schema.js';
import type { MessagingEventMap, MessagingEventName } from '../../events.js';
import type { UnreadState } from '../conversations/types.js';

/**
 * The badge rows: threads holding unread messages, neither muted nor left, read from the
 * partial index `messaging_participants_unread` alone. The `> 0` is written as a literal:
 * SQLite uses a partial index only when the query's terms match its WHERE, and a bound
 * parameter (`> ?`) does not.
 */
function unreadRows(db: Kysely<MessagingDatabase>) {
  return db.selectFrom('messaging_participants').where(sql<boolean>`unread_count > 0`).where('muted_at', 'is', null).where('left_at', 'is', null);
}

/** The badge query of one member (exported so a test can pin its plan). */
export function badgeQuery(db: Kysely<MessagingDatabase>, userId: string) {
  return unreadRows(db)
    .where('user_id', '=', userId)
    .select((eb) => [eb.fn.sum<string | number | null>('unread_count').as('total'), eb.fn.countAll<string | number>().as('threads')]);
}

/** {@link badgeQuery} built once per Kysely instance (the stand-in is no member's id). */
const badgeStatement = statementTemplate((db: Kysely<MessagingDatabase>, userId: string) => badgeQuery(db, userId), ['\u0000member']);

/** A member's badge: ONE indexed query on the participants, never a count over messages. */
export async function getUnread(db: Kysely<MessagingDatabase>, userId: string): Promise<UnreadState> {
  const [row] = await executePrepared(db, badgeStatement(db, userId));
  return { unreadTotal: Number(row?.total ?? 0), unreadThreads: Number(row?.threads ?? 0) };
}

/** Several members' unread totals in one grouped query; members with nothing unread get 0. */
export async function unreadTotals(db: Kysely<MessagingDatabase>, userIds: string[]): Promise<Map<string, number>> {
  const totals = new Map(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return totals;
  const rows = await unreadRows(db)
    .where('user_id', 'in', userIds)
    .select((eb) => ['user_id', eb.fn.sum<string | number | null>('unread_count').as('total')])
    .groupBy('user_id')
    .execute();
  for (const row of rows) totals.set(row.user_id, Number(row.total ?? 0));
  return totals;
}

/**
 * Tells the host and the live streams that these members' totals changed: after the commit,
 * `onUnreadChange(userId, total)` and the `unread.changed` event for each. A failing hook is
 * logged and never fails the write that already happened. Returns the totals it read.
 */
export async function announceUnread(ctx: MessagingContext, userIds: Iterable<string>): Promise<Map<string, number>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  let totals: Map<string, number>;
  try {
    totals = await unreadTotals(ctx.database.db, ids);
  } catch (err) {
    ctx.logger.error({ err, userIds: ids }, 'messaging: could not read unread totals after a change');
    return new Map();
  }
  await announceTotals(ctx, totals);
  return totals;
}

/** {@link announceUnread} for totals the caller already has (a send reads them in its own statement). */
export async function announceTotals(ctx: MessagingContext, totals: ReadonlyMap<string, number>): Promise<void> {
  for (const [userId, unreadTotal] of totals) emitSafely(ctx, 'unread.changed', { userId, unreadTotal });
  const hook = ctx.options.onUnreadChange;
  if (!hook) return;
  await Promise.all(
    [...totals].map(async ([userId, unreadTotal]) => {
      try {
        await hook(userId, unreadTotal);
      } catch (err) {
        ctx.logger.error({ err, userId }, 'messaging: the onUnreadChange hook failed');
      }
    }),
  );
}

/** Emits an event after a commit, logging (never throwing) what a listener throws. */
export function emitSafely<K extends MessagingEventName>(ctx: MessagingContext, name: K, payload: MessagingEventMap[K]): void {
  ctx.events.emit(name, payload, (err) => ctx.logger.error({ err, event: name }, 'messaging: an event listener failed'));
}
