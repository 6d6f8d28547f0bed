import type { Kysely } from 'kysely';
import type { MessagingContext } from '../../context.js';
import type { MessagingDatabase, NotifyMode } from '../../db/schema.js';
import { MessagingError } from '../../errors.js';
import { isUserId } from '../conversations/ids.js';

export const NOTIFY_MODES: readonly NotifyMode[] = ['off', 'conversation', 'digest'];

function checkedUserId(userId: unknown): string {
  const id = typeof userId === 'number' && Number.isSafeInteger(userId) ? String(userId) : userId;
  if (!isUserId(id)) throw new MessagingError('invalid_request', 'userId must be a member id.');
  return id;
}

/** A member's effective mode: their own choice, else the host's default (`fallback`). */
export async function readMode(ctx: MessagingContext, userId: string | number, fallback: NotifyMode): Promise<NotifyMode> {
  const row = await ctx.database.db.selectFrom('messaging_member_preferences').select('notify_mode').where('user_id', '=', checkedUserId(userId)).executeTakeFirst();
  return row?.notify_mode ?? fallback;
}

/**
 * Stores a member's mode. A member without a preferences row gets one with `who_can_message`
 * 'everyone', which is what no row means, so nothing else about them changes.
 */
export async function writeMode(ctx: MessagingContext, userId: string | number, mode: NotifyMode): Promise<void> {
  if (!NOTIFY_MODES.includes(mode)) throw new MessagingError('invalid_request', "mode must be 'off', 'conversation' or 'digest'.");
  const id = checkedUserId(userId);
  const updated_at = ctx.now();
  await ctx.database.db
    .insertInto('messaging_member_preferences')
    .values({ user_id: id, who_can_message: 'everyone', notify_mode: mode, updated_at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ notify_mode: mode, updated_at }))
    .execute();
}

/** Effective modes of several members at once (one query). */
export async function modesOf(db: Kysely<MessagingDatabase>, userIds: string[], fallback: NotifyMode): Promise<Map<string, NotifyMode>> {
  const modes = new Map<string, NotifyMode>(userIds.map((id) => [id, fallback]));
  if (userIds.length === 0) return modes;
  const rows = await db.selectFrom('messaging_member_preferences').select(['user_id', 'notify_mode']).where('user_id', 'in', userIds).execute();
  for (const row of rows) if (row.notify_mode) modes.set(row.user_id, row.notify_mode);
  return modes;
}
