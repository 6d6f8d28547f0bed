import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MessagingContext } from '../../context.js';
import type { MessagingDatabase } from '../../db/schema.js';
import type { UserId } from '../../options.js';
import { announceBulkChange } from '../live/bulk-change.js';
import { lockThreads, refreshThreadCounters } from './counters.js';
import { checkpointRemovedText, withSecureDelete } from './secure-delete.js';
import { forgetMemberFiles } from './attachment-data.js';
import { hasAttachmentTables } from './attachment-removal.js';
import { directKeyOf } from '../conversations/direct-pair.js';
import { announceUnread } from '../unread/unread-notify.js';

/** What a forgotten member's messages become. */
export type ForgetMode = 'erase' | 'anonymise';

/** Options of {@link forgetUser}. */
export interface ForgetUserOptions {
  /**
   * `anonymise` keeps the text of their messages, so the other people's conversations still
   * read whole, under a tombstone sender; `erase` also removes the text (the messages are marked
   * deleted and vanish from the threads). Choose `erase` when the member asked for their
   * content to be deleted.
   * @default 'anonymise'
   */
  mode?: ForgetMode;
  /** The time stored as `deleted_at` and `left_at`, ISO 8601. @default now */
  now?: string;
}

/** What {@link forgetUser} changed. */
export interface ForgetUserResult {
  userId: string;
  mode: ForgetMode;
  /** The id that now stands for the member in the threads they took part in (shown as "Deleted user"). */
  tombstoneId: string;
  /** Their messages, anonymised or erased. */
  messages: number;
  /** Threads they took part in; each keeps its other members and counters. */
  threads: number;
  /** The other members of those threads (their unread counts may have changed). */
  otherMemberIds: string[];
  /** Blocks they made or received, deleted. */
  blocks: number;
  /** Their stored request answers (which may quote their messages), deleted. */
  idempotencyKeys: number;
  /** Their files removed (schema version 11): every one they uploaded in `erase` mode, their uploads never sent in `anonymise` mode. */
  files: number;
}

/** What erased messages hold instead of their text (they are also marked deleted). */
export const ERASED_MESSAGE_BODY = '';
/** Prefix of the ids that replace a forgotten member. */
export const TOMBSTONE_PREFIX = 'deleted:';

/**
 * Random, not a hash of the id: a hash of a small integer id is reversed by trying every id.
 * One tombstone per call, so one member's messages still read as one person's.
 */
function newTombstoneId(): string {
  return `${TOMBSTONE_PREFIX}${randomBytes(9).toString('base64url')}`;
}

/**
 * Removes a member from the messaging database, for a host that deletes the member's account,
 * in ONE transaction. Their id is replaced everywhere (messages, participant rows, thread
 * creators, direct-thread keys) by a random tombstone id that no users adapter knows, so the
 * threads show "Deleted user"; their participant rows are marked left and lose their flags;
 * their blocks, preferences, notifications, suspensions, rate-limit counts and stored request answers are deleted; reports keep
 * their history under the tombstone. In `erase` mode their messages' text is
 * removed too, and every file they uploaded (a file is personal data like the text); `anonymise`
 * keeps the files on their messages under the tombstone and removes their uploads never sent. The other members' unread counts and inbox rows are recounted. Running it again
 * for the same id finds nothing and changes nothing. On SQLite the removed bytes are zeroed in
 * the file and the write-ahead log is emptied into it, so no copy of the file reads them back.
 */
export async function forgetUser(db: Kysely<MessagingDatabase>, userId: UserId, options: ForgetUserOptions = {}): Promise<ForgetUserResult> {
  const id = String(userId);
  if (id === '' || id.startsWith(TOMBSTONE_PREFIX)) throw new TypeError(`forgetUser: "${id}" is not a member id.`);
  const mode = options.mode ?? 'anonymise';
  if (mode !== 'erase' && mode !== 'anonymise') throw new TypeError(`forgetUser: mode must be "erase" or "anonymise", not "${String(mode)}".`);
  const now = options.now ?? new Date().toISOString();
  const tombstoneId = newTombstoneId();
  const withFiles = await hasAttachmentTables(db);

  // Zeroed where they were: neither the erased text nor the old id stays readable in the file.
  const result = await db.transaction().execute((trx) =>
    withSecureDelete(trx, async () => {
      const memberOf = await trx.selectFrom('messaging_participants').select('thread_id').where('user_id', '=', id).execute();
      const sentIn = await trx.selectFrom('messaging_messages').select('thread_id').where('sender_id', '=', id).distinct().execute();
      const threadIds = [...new Set([...memberOf, ...sentIn].map((r) => r.thread_id))];
      await lockThreads(trx, threadIds);

      // A direct key names both members: rewrite it around the tombstone, keeping it unique.
      const directOthers =
        threadIds.length === 0
          ? []
          : await trx
              .selectFrom('messaging_threads as t')
              .innerJoin('messaging_participants as p', 'p.thread_id', 't.id')
              .select(['t.id', 'p.user_id', 't.context_type', 't.context_id'])
              .where('t.id', 'in', threadIds)
              .where('t.direct_key', 'is not', null)
              .where('p.user_id', '<>', id)
              .execute();
      const otherOf = new Map(directOthers.map((r) => [r.id, r]));

      const messages = await trx
        .updateTable('messaging_messages')
        .set(mode === 'erase' ? { sender_id: tombstoneId, body: ERASED_MESSAGE_BODY, deleted_at: now, deleted_reason: 'erased' } : { sender_id: tombstoneId })
        .where('sender_id', '=', id)
        .executeTakeFirst();
      await trx
        .updateTable('messaging_participants')
        .set({ user_id: tombstoneId, left_at: now, archived_at: null, muted_at: null, unread_count: 0 })
        .where('user_id', '=', id)
        .execute();
      await trx.updateTable('messaging_threads').set({ created_by: tombstoneId }).where('created_by', '=', id).execute();

      for (const threadId of threadIds) {
        const row = otherOf.get(threadId);
        if (row === undefined) continue;
        const other = row.user_id;
        // A thread about a context keeps it in its key (schema 9); the pair key names the pair alone.
        const context = row.context_type && row.context_id ? { type: row.context_type, id: row.context_id } : null;
        await trx
          .updateTable('messaging_threads')
          .set({ direct_key: directKeyOf(tombstoneId, other, context), pair_key: directKeyOf(tombstoneId, other) })
          .where('id', '=', threadId)
          .where('direct_key', '=', directKeyOf(id, other, context))
          .execute();
      }
      // System lines (schema 9) name who added whom: the tombstone instead of the member.
      if (threadIds.length > 0) {
        await trx.updateTable('messaging_thread_events').set({ actor_id: tombstoneId }).where('thread_id', 'in', threadIds).where('actor_id', '=', id).execute();
        const added = await trx.selectFrom('messaging_thread_events').select(['id', 'user_ids']).where('thread_id', 'in', threadIds).where('kind', '=', 'members_added').execute();
        for (const event of added) {
          const ids: string[] = JSON.parse(event.user_ids ?? '[]');
          if (!ids.includes(id)) continue;
          const user_ids = JSON.stringify(ids.map((u) => (u === id ? tombstoneId : u)));
          await trx.updateTable('messaging_thread_events').set({ user_ids }).where('id', '=', event.id).execute();
        }
      }

      const blocks = await trx
        .deleteFrom('messaging_blocks')
        .where((eb) => eb.or([eb('blocker_id', '=', id), eb('blocked_id', '=', id)]))
        .executeTakeFirst();
      const keys = await trx.deleteFrom('messaging_idempotency_keys').where('user_id', '=', id).executeTakeFirst();
      const files = withFiles ? await forgetMemberFiles(trx, { userId: id, tombstoneId, mode }) : 0;
      await trx.updateTable('messaging_settings').set({ updated_by: null }).where('updated_by', '=', id).execute();
      await trx.deleteFrom('messaging_member_preferences').where('user_id', '=', id).execute();
      // Notifications (schema 10): the outbox rows addressed to them and their "told up to" marks.
      await trx.deleteFrom('messaging_notifications').where('recipient_id', '=', id).execute();
      await trx.deleteFrom('messaging_notification_marks').where('user_id', '=', id).execute();
      await trx.deleteFrom('messaging_suspensions').where('user_id', '=', id).execute();
      await trx.deleteFrom('messaging_rate_counters').where('member_id', '=', id).execute();
      await trx.updateTable('messaging_suspensions').set({ created_by: null }).where('created_by', '=', id).execute();
      // Reports keep their moderation history, under the tombstone; an erased reporter's note goes.
      await trx
        .updateTable('messaging_reports')
        .set(mode === 'erase' ? { reporter_id: tombstoneId, note: null } : { reporter_id: tombstoneId })
        .where('reporter_id', '=', id)
        .execute();
      // An erased sender's text goes from the reports' copy too (body_snapshot, schema 7).
      await trx
        .updateTable('messaging_reports')
        .set(mode === 'erase' ? { sender_id: tombstoneId, body_snapshot: null } : { sender_id: tombstoneId })
        .where('sender_id', '=', id)
        .execute();
      await trx.updateTable('messaging_reports').set({ resolved_by: tombstoneId }).where('resolved_by', '=', id).execute();
      await trx.updateTable('messaging_messages').set({ deleted_by: tombstoneId }).where('deleted_by', '=', id).execute();

      await refreshThreadCounters(trx, threadIds);
      const others =
        threadIds.length === 0
          ? []
          : await trx
              .selectFrom('messaging_participants')
              .select('user_id')
              .distinct()
              .where('thread_id', 'in', threadIds)
              .where('left_at', 'is', null)
              .where('user_id', '<>', tombstoneId)
              .execute();
      return {
        userId: id,
        mode,
        tombstoneId,
        messages: Number(messages.numUpdatedRows),
        threads: threadIds.length,
        otherMemberIds: others.map((r) => r.user_id),
        blocks: Number(blocks.numDeletedRows),
        idempotencyKeys: Number(keys.numDeletedRows),
        files,
      };
    }),
  );
  await checkpointRemovedText(db);
  // Their blocks are gone and others' counters recounted: caches of this database start over.
  announceBulkChange(db);
  return result;
}

/** {@link forgetUser} for an instance: logs it (ids and counts only) and announces the other members' new unread totals. */
export async function forgetUserAndAnnounce(ctx: MessagingContext, userId: UserId, options: ForgetUserOptions = {}): Promise<ForgetUserResult> {
  const result = await forgetUser(ctx.database.db, userId, { now: ctx.now(), ...options });
  const { otherMemberIds, ...counts } = result;
  ctx.logger.info({ ...counts, otherMembers: otherMemberIds.length }, 'messaging: member forgotten');
  await announceUnread(ctx, otherMemberIds);
  return result;
}
