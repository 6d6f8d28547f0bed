/**
 * The benchmark data, as pure functions of a size and an index: the same rows on SQLite and
 * Postgres, on every machine, in every run. Nothing here touches a database.
 *
 * Shape: direct threads only (two members each). One member (HEAVY_MEMBER, the example app's
 * "alice") has `heavyThreads` threads; one thread (between bob and carol) has
 * `bigThreadMessages`; one (carol and dave) has `smallThreadMessages`; the other messages go
 * one to every remaining thread first, then to pseudo-random ones. Message ids are 1..M in
 * time order, 30 s apart, so ids and times of all threads interleave as in real life.
 */

/** Bumped whenever the rows this file describes change: part of the cache key. */
export const GENERATOR_VERSION = 4;

export interface DatasetSize {
  /** Names the cache entry and the Postgres schema (`bench_<label>`). */
  label: string;
  messages: number;
  threads: number;
  heavyThreads: number;
  bigThreadMessages: number;
  smallThreadMessages: number;
}

export const FULL_SIZES: readonly DatasetSize[] = [
  { label: '1m', messages: 1_000_000, threads: 100_000, heavyThreads: 10_000, bigThreadMessages: 100_000, smallThreadMessages: 100 },
  { label: '100k', messages: 100_000, threads: 20_000, heavyThreads: 10_000, bigThreadMessages: 10_000, smallThreadMessages: 100 },
];

/** `--quick`: ten times smaller; the member has 1,000 threads. */
export const QUICK_SIZES: readonly DatasetSize[] = [
  { label: 'q100k', messages: 100_000, threads: 10_000, heavyThreads: 1_000, bigThreadMessages: 10_000, smallThreadMessages: 100 },
  { label: 'q10k', messages: 10_000, threads: 2_000, heavyThreads: 1_000, bigThreadMessages: 1_000, smallThreadMessages: 100 },
];

/** The member with `heavyThreads` threads: id 2 is "alice" in the example app. */
export const HEAVY_MEMBER = '2';
/** Members of the big thread (bob, carol) and of the small one (carol, dave). */
export const BIG_THREAD_MEMBERS = ['3', '4'] as const;
export const SMALL_THREAD_MEMBERS = ['4', '5'] as const;

const BASE_TIME = Date.UTC(2025, 0, 1);
const MESSAGE_STEP_MS = 30_000;

/** A 32-bit integer hash (splitmix-style finaliser): deterministic pseudo-randomness. */
function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A 22-character base64url id that looks like the package's random ones, derived from the index. */
export function threadId(size: DatasetSize, t: number): string {
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) bytes.writeUInt32LE(hash32(t, i, size.threads), i * 4);
  return bytes.toString('base64url');
}

/** Members taking part in the "other" threads: pairs (a, a + 1 + j div pool) are unique. */
function otherPool(size: DatasetSize): number {
  return Math.max(2_000, Math.floor(size.threads / 5));
}

/** The two members of thread `t` (thread 0..heavyThreads-1 are the heavy member's). */
export function threadMembers(size: DatasetSize, t: number): [string, string] {
  if (t < size.heavyThreads) return [HEAVY_MEMBER, String(3 + t)];
  const j = t - size.heavyThreads;
  const pool = otherPool(size);
  const a = 3 + (j % pool);
  return [String(a), String(a + 1 + Math.floor(j / pool))];
}

/** Index of the 100k-message thread and of the 100-message thread. */
export const bigThreadIndex = (size: DatasetSize) => size.heavyThreads;
export const smallThreadIndex = (size: DatasetSize) => size.heavyThreads + 1;

/** The package's direct key (schema version 2 on): both ids sorted as strings, as a JSON array. */
export const directKey = (a: string, b: string) => JSON.stringify([a, b].sort());

const isoAt = (ms: number) => new Date(ms).toISOString();
export const messageTime = (k: number) => isoAt(BASE_TIME + k * MESSAGE_STEP_MS);
export const threadCreatedAt = isoAt(BASE_TIME - 86_400_000);

/** True when `floor(i * n / total)` steps at i: spreads n picks evenly over total slots. */
const evenPick = (i: number, n: number, total: number) => Math.floor(((i + 1) * n) / total) > Math.floor((i * n) / total);

/**
 * Walks the messages in id order, telling for each its thread index; O(1) memory, same
 * sequence on every call.
 */
export function* messageThreads(size: DatasetSize): Generator<number> {
  const regularThreads = size.threads - 2;
  const restAfterBig = size.messages - size.bigThreadMessages;
  let i = 0; // position among the messages not in the big thread
  let r = 0; // position among the regular messages
  for (let k = 0; k < size.messages; k++) {
    if (evenPick(k, size.bigThreadMessages, size.messages)) {
      yield bigThreadIndex(size);
      continue;
    }
    const small = evenPick(i++, size.smallThreadMessages, restAfterBig);
    if (small) {
      yield smallThreadIndex(size);
      continue;
    }
    // Every regular thread gets one message first, then pseudo-random ones.
    const slot = r < regularThreads ? r : hash32(r, 7) % regularThreads;
    r++;
    yield slot < size.heavyThreads ? slot : slot + 2;
  }
}

const WORDS = (
  'hello thanks sure meeting tomorrow project update draft review coffee lunch call later ' +
  'sounds good see you there quick question about the report deadline friday next week ' +
  'shipping invoice photo link agenda notes budget plan idea great okay maybe tonight'
).split(' ');

/** The message body: 5 to 24 words, deterministic. */
export function messageBody(k: number): string {
  const h = hash32(k, 11);
  const n = 5 + (h % 20);
  const words: string[] = [];
  for (let w = 0; w < n; w++) words.push(WORDS[hash32(k, w, 13) % WORDS.length]!);
  const text = words.join(' ');
  return text[0]!.toUpperCase() + text.slice(1) + '.';
}

/** Which of the two members sent message k. */
export const messageSender = (members: [string, string], k: number) => members[hash32(k, 17) & 1]!;

/**
 * How many of the thread's newest messages this member has not read yet (before the rule
 * that sending marks everything before one's own message read): 0 for 70% of memberships,
 * else 1 to 5. Stored in `unread_count` until the set-based pass turns it into real counts.
 */
export const unreadTail = (t: number, user: string) => {
  const h = hash32(t, Number(user), 19) % 100;
  return h < 70 ? 0 : 1 + (h % 5);
};

/** 2% of memberships are muted (they leave the badge). */
export const isMuted = (t: number, user: string) => hash32(t, Number(user), 23) % 50 === 0;

export const threadSubject = (t: number) => (hash32(t, 29) % 3 === 0 ? `Topic ${t}` : null);
