import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';

/** How long a key is remembered. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** A claim with no answer after this long belongs to a process that died: a retry may take it over. */
const ABANDONED_CLAIM_MS = 60_000;
/** How long a request waits for a concurrent one with the same key to finish. */
const WAIT_FOR_CLAIM_MS = 10_000;
const POLL_MS = 20;
/** Marks a claimed key whose request is still running (a stored answer is never empty JSON). */
const PENDING = '';

/** An answer as the router sends it. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The fingerprint of a request for {@link IdempotencyStore.remember}: SHA-256 (hex) of the
 * canonical JSON of its parts (method, route, thread id, parsed body), so that key order and
 * whitespace in the body do not matter and anything else does.
 */
export function requestFingerprint(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

/**
 * Remembers the first answer to a request with an `Idempotency-Key`, per member, for 24 hours.
 */
export interface IdempotencyStore {
  /**
   * Runs `compute` once per (user, key): a retry gets the first answer (`replayed: true`) and
   * stores nothing new, also when it arrives while the first one is still running. A
   * `compute` that throws leaves no trace, so the retry runs it again.
   * Keys longer than {@link MAX_IDEMPOTENCY_KEY_LENGTH} characters are `invalid_request`.
   * With a `fingerprint` ({@link requestFingerprint}), the key is bound to that request: the
   * same key with another fingerprint throws 422 `idempotency_key_reused` and runs nothing.
   */
  remember(userId: string, key: string, compute: () => Promise<StoredAnswer>, fingerprint?: string): Promise<StoredAnswer & { replayed: boolean }>;
  /** Deletes keys older than 24 hours; returns how many. (Also done now and then by `remember`.) */
  purgeExpired(): Promise<number>;
}

/** Builds the idempotency store of an instance over its context. */
export function createIdempotencyStore(ctx: MessagingContext): IdempotencyStore {
  const db = ctx.database.db;
  let nextPurgeAt = 0;
  const ago = (ms: number) => new Date(ctx.clock().getTime() - ms).toISOString();

  async function purgeExpired(): Promise<number> {
    const result = await db.deleteFrom('messaging_idempotency_keys').where('created_at', '<', ago(IDEMPOTENCY_TTL_MS)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Inserts the claim row; its time when this request owns the key now, else undefined. */
  async function claim(userId: string, key: string, fingerprint: string | null): Promise<string | undefined> {
    const row = await db
      .insertInto('messaging_idempotency_keys')
      .values({ user_id: userId, key, response: PENDING, created_at: ctx.now(), request_hash: fingerprint })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning(['created_at'])
      .executeTakeFirst();
    return row?.created_at;
  }

  /** Deletes a pending claim (only the one seen, when `createdAt` is given) or, with `expiredBefore`, an old key. */
  async function release(userId: string, key: string, which: { createdAt?: string; expiredBefore?: string } = {}): Promise<void> {
    let query = db.deleteFrom('messaging_idempotency_keys').where('user_id', '=', userId).where('key', '=', key);
    if (which.expiredBefore !== undefined) query = query.where('created_at', '<', which.expiredBefore);
    else query = query.where('response', '=', PENDING);
    if (which.createdAt !== undefined) query = query.where('created_at', '=', which.createdAt);
    await query.execute();
  }

  return {
    purgeExpired,
    async remember(userId, key, compute, fingerprint) {
      userId = String(userId);
      if (typeof key !== 'string' || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
        throw new MessagingError('invalid_request', undefined, {
          details: [{ in: 'headers', field: 'Idempotency-Key', message: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` }],
        });
      }
      if (ctx.clock().getTime() >= nextPurgeAt) {
        nextPurgeAt = ctx.clock().getTime() + 60 * 60 * 1000;
        await purgeExpired().catch((err) => ctx.logger.warn({ err }, 'messaging: could not purge old idempotency keys'));
      }
      const waitUntil = Date.now() + WAIT_FOR_CLAIM_MS;
      for (;;) {
        const claimedAt = await claim(userId, key, fingerprint ?? null);
        if (claimedAt !== undefined) {
          let answer: StoredAnswer;
          try {
            answer = await compute();
          } catch (err) {
            await release(userId, key, { createdAt: claimedAt }).catch((e) => ctx.logger.error({ err: e }, 'messaging: could not release an idempotency key'));
            throw err;
          }
          await db
            .updateTable('messaging_idempotency_keys')
            .set({ response: JSON.stringify({ status: answer.status, body: answer.body }) })
            .where('user_id', '=', userId)
            .where('key', '=', key)
            .execute();
          return { status: answer.status, body: answer.body, replayed: false };
        }
        const row = await db
          .selectFrom('messaging_idempotency_keys')
          .select(['response', 'created_at', 'request_hash'])
          .where('user_id', '=', userId)
          .where('key', '=', key)
          .executeTakeFirst();
        if (!row) continue; // Released between our insert and read: try to claim again.
        if (row.created_at < ago(IDEMPOTENCY_TTL_MS)) {
          await release(userId, key, { expiredBefore: ago(IDEMPOTENCY_TTL_MS) });
          continue;
        }
        // Another request under this key (also one still running): refused, never replayed.
        // A key stored before fingerprints existed (null) replays as it always did.
        if (fingerprint !== undefined && row.request_hash !== null && row.request_hash !== fingerprint) {
          throw new MessagingError('idempotency_key_reused');
        }
        if (row.response !== PENDING) {
          const stored = JSON.parse(row.response) as StoredAnswer;
          return { status: stored.status, body: stored.body, replayed: true };
        }
        if (row.created_at < ago(ABANDONED_CLAIM_MS)) {
          await release(userId, key, { createdAt: row.created_at });
          continue;
        }
        if (Date.now() > waitUntil) {
          throw new MessagingError('rate_limited', 'A request with this Idempotency-Key is still being processed. Try again in a moment.');
        }
        await sleep(POLL_MS);
      }
    },
  };
}
