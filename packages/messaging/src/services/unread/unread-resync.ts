import type { MessagingContext } from '../../context.js';
import { TOMBSTONE_PREFIX } from '../operations/forget-user.js';
import { unreadTotals } from './unread-notify.js';

/** Options of `messaging.resyncUnread()`. */
export interface ResyncUnreadOptions {
  /** Members per batch: one page of ids, one grouped count, then their hook calls. @default 500 */
  batchSize?: number;
  /** Called after each batch with the count of members announced so far (for a progress line). */
  onProgress?: (progress: { members: number }) => void;
}

/** What `messaging.resyncUnread()` did. */
export interface ResyncUnreadResult {
  /** Members covered: their total went to `onUnreadChange` (from this call, or from a change of this process that announced it meanwhile). */
  members: number;
  /** Hook calls that threw (each logged; the resync went on with the others). */
  failed: number;
}

const DEFAULT_BATCH = 500;
const MAX_BATCH = 100_000;

function batchSizeOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_BATCH;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_BATCH) {
    throw new TypeError(`resyncUnread: batchSize must be an integer from 1 to ${MAX_BATCH} (got ${String(value)}); for example { batchSize: ${DEFAULT_BATCH} }.`);
  }
  return value;
}

/**
 * Re-announces every member's current unread total through `onUnreadChange`, so that a host's
 * copy that missed an announcement (a crash between a commit and the hook) becomes exact.
 * Members are streamed in id order with keyset pagination (never all in memory); each batch
 * costs one page of the participants' user index, one grouped sum over the badge index and one
 * hook call per member. Members with participant rows are all announced, zeros included;
 * forgotten members' tombstones are not. No `unread.changed` event is emitted: live badges are
 * already exact, only the host's copy is being repaired.
 */
export async function resyncUnread(ctx: MessagingContext, options: ResyncUnreadOptions = {}): Promise<ResyncUnreadResult> {
  const batchSize = batchSizeOf(options.batchSize);
  const hook = ctx.options.onUnreadChange;
  const result: ResyncUnreadResult = { members: 0, failed: 0 };
  if (!hook) return result;
  const db = ctx.database.db;
  let after: string | undefined;
  for (;;) {
    let page = db.selectFrom('messaging_participants').select('user_id').distinct().orderBy('user_id').limit(batchSize);
    if (after !== undefined) page = page.where('user_id', '>', after);
    const ids = (await page.execute()).map((row) => row.user_id);
    if (ids.length === 0) break;
    after = ids[ids.length - 1];
    const members = ids.filter((id) => !id.startsWith(TOMBSTONE_PREFIX));
    // A write of this process that announces a member after our read carries a total at least
    // as new as ours: let it stand rather than overwrite it with ours.
    const fresher = new Set<string>();
    const stopListening = ctx.events.on('unread.changed', ({ userId }) => fresher.add(userId));
    try {
      const totals = await unreadTotals(db, members);
      await Promise.all(
        [...totals].map(async ([userId, total]) => {
          if (fresher.has(userId)) return;
          try {
            await hook(userId, total);
          } catch (err) {
            result.failed += 1;
            ctx.logger.error({ err, userId }, 'messaging: the onUnreadChange hook failed during resyncUnread');
          }
        }),
      );
    } finally {
      stopListening();
    }
    result.members += members.length;
    options.onProgress?.({ members: result.members });
    if (ids.length < batchSize) break;
  }
  return result;
}
