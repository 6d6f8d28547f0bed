import type { Kysely } from 'kysely';
import type { MessagingContext } from '../../context.js';
import { readSchemaStatus } from '../../db/migrations/migrate.js';
import type { MessagingDatabase } from '../../db/schema.js';
import type { ToggleProvider, UserId } from '../../options.js';
import { createReadCache } from './read-cache.js';
import type { MaybePromise } from '../../shared/maybe-promise.js';
import { createSettingsStore } from './settings-store.js';

/** The key of the switch in `messaging_settings`. */
const TOGGLE_SETTING_KEY = 'messaging_enabled';

/**
 * How long the default provider trusts what it read. Short enough that a flip on one process
 * holds on every process within a few seconds; long enough that a burst of requests costs
 * one query, not one each.
 */
const TOGGLE_CACHE_MS = 2_000;

/** What `setEnabled` reports: the state now, and whether this call changed it. */
export interface ToggleChange {
  enabled: boolean;
  changed: boolean;
}

/**
 * The admin switch of an instance (`messaging.toggle`): whichever provider is in use,
 * wrapped so that every change is logged and emitted, and switching on initializes the
 * database first.
 */
export interface MessagingToggle {
  /** Whether messaging is on now (cheap: the default provider caches for about 2 seconds). */
  isEnabled(): Promise<boolean>;
  /**
   * Switches messaging on or off. Switching on creates the messaging tables when the database
   * has none yet; switching off leaves every row in place.
   * @param actor who did it (a host user id), or null for the CLI or a script
   */
  setEnabled(enabled: boolean, actor?: UserId | null): Promise<ToggleChange>;
}

/** The default provider with an extra uncached read, for the managed toggle and the CLI. */
export interface DefaultToggleProvider extends ToggleProvider {
  isEnabled(): Promise<boolean>;
  /** Reads the database now, skipping the cache. */
  readNow(): Promise<boolean>;
  /** The cached answer itself while it is fresh (no wait), else a promise of a read. */
  cachedNow(): MaybePromise<boolean>;
  setEnabled(enabled: boolean, actor: string | null): Promise<void>;
}

/**
 * The default switch, kept in `messaging_settings` under {@link TOGGLE_SETTING_KEY}: off
 * until someone switches it on (also off while the tables do not exist yet).
 * @param options.clock the instance's clock in milliseconds, for the cache @default Date.now
 */
export function createDefaultToggleProvider(
  db: Kysely<MessagingDatabase>,
  options: { now: () => string; clock?: () => number } = { now: () => new Date().toISOString() },
): DefaultToggleProvider {
  const store = createSettingsStore(db, { now: options.now });
  const readNow = async () => (await store.get(TOGGLE_SETTING_KEY)) === 'on';
  const cache = createReadCache(readNow, { ms: TOGGLE_CACHE_MS, clock: options.clock ?? Date.now });

  return {
    readNow,
    isEnabled: () => cache.get(),
    cachedNow: cache.now,
    async setEnabled(enabled, actor) {
      await store.set({ [TOGGLE_SETTING_KEY]: enabled ? 'on' : 'off' }, actor);
      cache.put(enabled);
    },
  };
}

/**
 * Wraps a provider (the default one or the host's) so that each change is logged with who
 * and when (never message text) and emitted as `toggle.changed`, and so that switching on
 * runs `runMigrations` when the database is not initialized yet, logging that once.
 */
export function createManagedToggle(ctx: MessagingContext, provider: ToggleProvider, runMigrations: () => Promise<string[]>): MessagingToggle {
  const { database } = ctx;
  let initialized = false;
  let initializing: Promise<void> | undefined;
  // Changes of one process run one after the other, so "changed" is true for exactly one of
  // two requests that switch on at once.
  let queue: Promise<unknown> = Promise.resolve();

  async function initialize(): Promise<void> {
    const status = await readSchemaStatus(database.db);
    if (status.pending.length > 0) {
      const applied = await runMigrations();
      // Another process may have migrated in between: only the one that did says so.
      if (applied.length > 0) {
        ctx.logger.info({ applied, database: database.where }, 'messaging: database initialized');
        ctx.events.emit('schema.migrated', { applied, where: database.where });
      }
    }
    initialized = true;
  }

  function ensureInitialized(): Promise<void> {
    if (initialized) return Promise.resolve();
    initializing ??= initialize().finally(() => {
      initializing = undefined;
    });
    return initializing;
  }

  const current = () => ('readNow' in provider && typeof provider.readNow === 'function' ? (provider as DefaultToggleProvider).readNow() : provider.isEnabled());

  async function change(enabled: boolean, actor: string | null): Promise<ToggleChange> {
    if (enabled) await ensureInitialized();
    const before = await current();
    if (before === enabled) return { enabled, changed: false };
    await provider.setEnabled(enabled, actor);
    const at = ctx.now();
    ctx.logger.info({ enabled, actor, at }, enabled ? 'messaging: switched on' : 'messaging: switched off');
    ctx.events.emit('toggle.changed', { enabled, actor, at }, (err) => ctx.logger.error({ err, event: 'toggle.changed' }, 'messaging: a toggle.changed listener failed'));
    return { enabled, changed: true };
  }

  return {
    async isEnabled() {
      return Boolean(await provider.isEnabled());
    },
    setEnabled(enabled, actor = null) {
      const who = actor === null || actor === undefined ? null : String(actor);
      const next = queue.then(() => change(Boolean(enabled), who));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
