import type { MessagingContext } from '../../context.js';
import { BadgeCache, type BadgeState } from './badge-cache.js';
import { onBulkChange } from '../live/bulk-change.js';
import type { EventBus } from '../live/event-bus.js';

/**
 * Without a way to hear of every write (Postgres written to by the CLI or another tool), an
 * entry serves at most this long.
 */
const UNHEARD_WRITES_TTL_MS = 30_000;

/** The badge state of signed-in members for `locals()`, remembered by this process. */
export interface BadgeStateSource {
  /** The state itself when remembered, else a promise of it (see BadgeCache.get). */
  get(userId: string): BadgeState | Promise<BadgeState>;
  /** Stops listening (at close). */
  stop(): void;
}

/**
 * Wires a {@link BadgeCache} to everything that tells of a change: this instance's events after
 * each commit, bulk jobs on its database handle, and the live bus for the other app servers
 * (which also says when it may have missed something). A SQLite file's `data_version` catches
 * other processes (the CLI, a second app). Two events suffice: every write that changes a
 * member's badge announces `unread.changed` for them (sends, reads, mutes and leaves,
 * moderation), and blocks announce `block.changed`.
 */
export function createBadgeState(ctx: MessagingContext, bus: EventBus, load: (userId: string) => Promise<BadgeState>): BadgeStateSource {
  const { database, events } = ctx;
  const cache = new BadgeCache({
    load,
    ...(ctx.options.badgeCacheSize !== undefined ? { maxEntries: ctx.options.badgeCacheSize } : {}),
    isListening: () => bus.isListening(),
    ...(database.dataVersion ? { externalVersion: database.dataVersion } : { ttlMs: UNHEARD_WRITES_TTL_MS }),
  });
  const forget = (ids: Iterable<string>) => cache.invalidate(ids);
  const stops = [
    events.on('unread.changed', ({ userId }) => forget([userId])),
    events.on('block.changed', ({ blockerId, blockedId }) => forget([blockerId, blockedId])),
    onBulkChange(database.db, () => cache.clear()),
  ];
  let unwatch: (() => void) | undefined;
  return {
    get(userId) {
      // The bus (a Postgres connection) is started by the first page, not at createMessaging.
      unwatch ??= bus.watch((event) => {
        switch (event.type) {
          case 'unread':
            return forget([event.userId]);
          case 'blocks':
            return forget(event.userIds);
          case 'bulk':
          case 'resync':
            return cache.clear();
        }
      });
      return cache.get(userId);
    },
    stop() {
      for (const stop of stops) stop();
      unwatch?.();
    },
  };
}
