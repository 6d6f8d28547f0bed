import type { Kysely } from 'kysely';
import type { MessagingContext } from '../../context.js';
import type { MessagingDatabase } from '../../db/schema.js';
import type { UserId } from '../../options.js';

/** A member a moderator stopped from messaging. */
export interface Suspension {
  userId: string;
  reason: string | null;
  createdBy: string | null;
  createdAt: string;
}

/**
 * Site-wide suspensions (`messaging.suspensions`): a suspended member can neither send nor
 * start a conversation (403 `suspended`); they can still read what they have. Idempotent.
 */
export interface SuspensionService {
  suspend(userId: UserId, options?: { by?: UserId | null; reason?: string | null }): Promise<void>;
  unsuspend(userId: UserId): Promise<void>;
  isSuspended(userId: UserId): Promise<boolean>;
  /** Every suspension, newest first. */
  list(): Promise<Suspension[]>;
}

/** Whether a member is suspended: one primary-key lookup. */
export async function isSuspended(db: Kysely<MessagingDatabase>, userId: string): Promise<boolean> {
  return (await db.selectFrom('messaging_suspensions').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

/** Inserts a suspension unless there is one (inside the caller's transaction, if any). */
export async function insertSuspension(db: Kysely<MessagingDatabase>, row: { userId: string; by: string | null; reason: string | null; now: string }): Promise<void> {
  await db
    .insertInto('messaging_suspensions')
    .values({ user_id: row.userId, reason: row.reason, created_by: row.by, created_at: row.now })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export function createSuspensionService(ctx: MessagingContext): SuspensionService {
  const db = ctx.database.db;
  return {
    async suspend(userId, options = {}) {
      const by = options.by === undefined || options.by === null ? null : String(options.by);
      await insertSuspension(db, { userId: String(userId), by, reason: options.reason ?? null, now: ctx.now() });
    },
    async unsuspend(userId) {
      await db.deleteFrom('messaging_suspensions').where('user_id', '=', String(userId)).execute();
    },
    isSuspended: (userId) => isSuspended(db, String(userId)),
    async list() {
      const rows = await db.selectFrom('messaging_suspensions').selectAll().orderBy('created_at', 'desc').orderBy('user_id').execute();
      return rows.map((r) => ({ userId: r.user_id, reason: r.reason, createdBy: r.created_by, createdAt: r.created_at }));
    },
  };
}
