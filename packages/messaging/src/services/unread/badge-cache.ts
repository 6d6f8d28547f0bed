import type { UnreadState } from '../conversations/types.js';

/** What every host page needs of one signed-in member: the nav badge and the block relations. */
export interface BadgeState {
  unread: UnreadState;
  /** Whom the member blocked, and who blocked the member. */
  relations: { blocked: ReadonlySet<string>; blockedBy: ReadonlySet<string> };
}

/**
 * Members kept by default. An entry is about 200 bytes of heap (the member's id, the totals,
 * the map's slot) when the member blocks nobody and nobody blocks them (the relations are
 * then shared), about 540 with relations of their own: 50,000 members take 10 to 27 MB.
 */
export const DEFAULT_BADGE_CACHE_SIZE = 50_000;

/** The relations of the many members without any: one value for all (entries stay small). */
const NO_RELATIONS: BadgeState['relations'] = Object.freeze({ blocked: new Set<string>(), blockedBy: new Set<string>() });

/** Settings of {@link BadgeCache}. */
export interface BadgeCacheOptions {
  /** Reads one member's state from the database (a miss). */
  load(userId: string): Promise<BadgeState>;
  /** Members kept; the least recently used goes first. 0 keeps nobody. @default {@link DEFAULT_BADGE_CACHE_SIZE} */
  maxEntries?: number;
  /**
   * How long an entry may serve without being told of a change, in milliseconds: a backstop for
   * writes no event reports (Postgres writes by the CLI or another tool). @default Infinity
   */
  ttlMs?: number;
  /**
   * A number that changes when another process wrote (SQLite's `data_version`); when it
   * moves, every entry goes. Undefined where there is none.
   */
  externalVersion?: () => number | undefined;
  /**
   * How often `externalVersion` is read, in milliseconds: reading it costs several
   * microseconds (SQLite looks at the WAL index), about 3% of a whole host page if done on
   * every page. Other processes' writes show within this time. @default 100
   */
  externalCheckMs?: number;
  /** Whether changes made elsewhere reach `invalidate` now (the live bus is connected). @default () => true */
  isListening?: () => boolean;
  now?: () => number;
}

interface Entry {
  state: BadgeState;
  at: number;
}

/**
 * The per-process memory of each member's badge state, so that `locals()` asks the database
 * nothing on most host pages. Correctness comes from being told: every write that changes a
 * member's unread total or blocks calls `invalidate` for them after it commits (in this process
 * through the instance's events, from other app servers through the live bus), and `clear`
 * covers bulk jobs. A fill that raced a change is not kept.
 */
export class BadgeCache {
  readonly #entries = new Map<string, Entry>();
  readonly #load: BadgeCacheOptions['load'];
  readonly #max: number;
  readonly #ttl: number;
  readonly #externalVersion: () => number | undefined;
  readonly #isListening: () => boolean;
  readonly #now: () => number;
  /** Counts invalidations, so a fill can tell whether one happened while it read. */
  #changes = 0;
  #seenVersion: number | undefined;
  readonly #externalCheckMs: number;
  #nextExternalCheck = Number.NEGATIVE_INFINITY;

  constructor(options: BadgeCacheOptions) {
    this.#load = options.load;
    this.#max = Math.max(0, Math.floor(options.maxEntries ?? DEFAULT_BADGE_CACHE_SIZE));
    this.#ttl = options.ttlMs ?? Number.POSITIVE_INFINITY;
    this.#externalVersion = options.externalVersion ?? (() => undefined);
    this.#isListening = options.isListening ?? (() => true);
    this.#now = options.now ?? Date.now;
    this.#externalCheckMs = options.externalCheckMs ?? 100;
  }

  /**
   * The member's state: from memory when nothing changed since it was read (the state itself,
   * so that a host page waits for nothing), else from the database (a promise).
   */
  get(userId: string): BadgeState | Promise<BadgeState> {
    const now = this.#now();
    if (now >= this.#nextExternalCheck) {
      this.#nextExternalCheck = now + this.#externalCheckMs;
      const version = this.#externalVersion();
      if (version !== this.#seenVersion) {
        this.#seenVersion = version;
        this.clear();
      }
    }
    const listening = this.#isListening();
    const hit = this.#entries.get(userId);
    if (hit && listening && now - hit.at < this.#ttl) {
      // A hit makes the member the most recently used (a Map keeps insertion order): with more
      // viewers than entries, the active ones stay and the ones gone quiet leave.
      this.#entries.delete(userId);
      this.#entries.set(userId, hit);
      return hit.state;
    }
    return this.#fill(userId, listening);
  }

  async #fill(userId: string, listening: boolean): Promise<BadgeState> {
    const changesBefore = this.#changes;
    const loaded = await this.#load(userId);
    const { blocked, blockedBy } = loaded.relations;
    const state = blocked.size === 0 && blockedBy.size === 0 ? { unread: loaded.unread, relations: NO_RELATIONS } : loaded;
    // Kept only if no change was announced while reading, and a version bump is seen next time.
    if (listening && this.#max > 0 && changesBefore === this.#changes) {
      this.#entries.delete(userId);
      if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
      this.#entries.set(userId, { state, at: this.#now() });
    }
    return state;
  }

  /** These members' state changed (after the commit): the next page reads it again. */
  invalidate(userIds: Iterable<string>): void {
    this.#changes++;
    for (const id of userIds) this.#entries.delete(String(id));
  }

  /** Forgets everyone (a bulk job, or the live bus reconnected and may have missed changes). */
  clear(): void {
    this.#changes++;
    this.#entries.clear();
  }

  /** Members held now (for tests and the metrics snapshot). */
  get size(): number {
    return this.#entries.size;
  }
}
