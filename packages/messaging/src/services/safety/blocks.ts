import type { Kysely } from 'kysely';
import type { MessagingContext } from '../../context.js';
import type { MessagingDatabase } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import type { UserId } from '../../options.js';
import { directKeyOf, lockDirectPair } from '../conversations/direct-pair.js';
import { emitSafely } from '../unread/unread-notify.js';

/**
 * Who has blocked whom (`messaging.blocks`). A blocked member cannot start a conversation with
 * the blocker or write in their direct thread (`blocked`); nothing already sent is removed.
 * Every method is idempotent.
 */
export interface BlockService {
  /**
   * `blockerId` blocks `blockedId`; blocking twice changes nothing. Blocking yourself is
   * `invalid_request`. A reply of `blockedId` in flight in their direct thread either commits
   * before the block (it is there when this resolves) or is refused `blocked`.
   */
  block(blockerId: UserId, blockedId: UserId): Promise<void>;
  /** Lifts a block; lifting one that does not exist changes nothing. */
  unblock(blockerId: UserId, blockedId: UserId): Promise<void>;
  /** Whether `blockerId` has blocked `blockedId`. */
  hasBlocked(blockerId: UserId, blockedId: UserId): Promise<boolean>;
  /** The ids `blockerId` has blocked, oldest block first. */
  listBlocked(blockerId: UserId): Promise<string[]>;
  /**
   * Both directions at once, for the buttons on every host page: whom `userId` blocked and
   * who blocked `userId`. One query over the two indexes of `messaging_blocks`.
   */
  relationsOf(userId: UserId): Promise<{ blocked: Set<string>; blockedBy: Set<string> }>;
}

/**
 * Inside a send's transaction: refuses with `blocked` when any of `memberIds` has blocked the
 * sender. One range of the blocks' primary key.
 */
export async function refuseIfBlocked(trx: Kysely<MessagingDatabase>, senderId: string, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const block = await trx.selectFrom('messaging_blocks').select('blocker_id').where('blocker_id', 'in', memberIds).where('blocked_id', '=', senderId).executeTakeFirst();
  if (block) throw new MessagingError('blocked');
}

/** Builds the block service of an instance over its context. */
export function createBlockService(ctx: MessagingContext): BlockService {
  const db = ctx.database.db;
  return {
    async block(blockerId, blockedId) {
      const [blocker, blocked] = [String(blockerId), String(blockedId)];
      if (blocker === blocked) {
        throw new MessagingError('invalid_request', 'You cannot block yourself.', { details: [{ in: 'body', field: 'userId', message: 'must be another member' }] });
      }
      await db.transaction().execute(async (trx) => {
        // A reply in flight holds the pair's thread row from its first statement and checks the
        // blocks after it: taking that row first makes the two serialize, so the reply either
        // commits before the block or sees it and is refused. SQLite allows one writer at a
        // time (the INSERT below waits for a send in progress), so only Postgres locks the row,
        // after the pair's lock that a first message (no thread row yet) takes too.
        if (ctx.database.capabilities.name === 'postgres') {
          const directKey = directKeyOf(blocker, blocked);
          await lockDirectPair(trx, directKey);
          // Every thread of the pair, whatever it is about (pair_key leaves the context out).
          await trx.selectFrom('messaging_threads').select('id').where('pair_key', '=', directKey).forNoKeyUpdate().execute();
        }
        await trx
          .insertInto('messaging_blocks')
          .values({ blocker_id: blocker, blocked_id: blocked, created_at: ctx.now() })
          .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
          .execute();
      });
      emitSafely(ctx, 'block.changed', { blockerId: blocker, blockedId: blocked, blocked: true });
    },
    async unblock(blockerId, blockedId) {
      const [blocker, blocked] = [String(blockerId), String(blockedId)];
      await db.deleteFrom('messaging_blocks').where('blocker_id', '=', blocker).where('blocked_id', '=', blocked).execute();
      emitSafely(ctx, 'block.changed', { blockerId: blocker, blockedId: blocked, blocked: false });
    },
    async hasBlocked(blockerId, blockedId) {
      const row = await db
        .selectFrom('messaging_blocks')
        .select('blocker_id')
        .where('blocker_id', '=', String(blockerId))
        .where('blocked_id', '=', String(blockedId))
        .executeTakeFirst();
      return row !== undefined;
    },
    async listBlocked(blockerId) {
      const rows = await db.selectFrom('messaging_blocks').select('blocked_id').where('blocker_id', '=', String(blockerId)).orderBy('created_at').orderBy('blocked_id').execute();
      return rows.map((r) => r.blocked_id);
    },
    async relationsOf(userId) {
      const id = String(userId);
      const rows = await db
        .selectFrom('messaging_blocks')
        .select(['blocker_id', 'blocked_id'])
        .where((eb) => eb.or([eb('blocker_id', '=', id), eb('blocked_id', '=', id)]))
        .execute();
      const relations = { blocked: new Set<string>(), blockedBy: new Set<string>() };
      for (const row of rows) {
        if (row.blocker_id === id) relations.blocked.add(row.blocked_id);
        else relations.blockedBy.add(row.blocker_id);
      }
      return relations;
    },
  };
}
