import type { Migration } from 'kysely';
import { initial } from './0001-initial.js';
import { unambiguousDirectKeys } from './0002-unambiguous-direct-keys.js';
import { leaveMarks } from './0003-leave-marks.js';
import { idempotencyFingerprints } from './0004-idempotency-fingerprints.js';
import { sharedRateLimits } from './0005-shared-rate-limits.js';
import { messageEdits } from './0007-message-edits.js';
import { searchIndex } from './0008-search-index.js';
import { conversationContextsAndMembership } from './0009-conversation-contexts-and-membership.js';
import { notifications } from './0010-notifications.js';
import { attachments } from './0011-attachments.js';
import { searchIndexBacklog } from './0012-search-index-backlog.js';
import { postgresReplyFunction } from './0013-postgres-reply-function.js';
import { replyPartnerByIndex } from './0014-reply-partner-by-index.js';

/**
 * Every migration, in order, as an in-code record: nothing is discovered from files at run
 * time, so migrations work from a bundle. Names are permanent once released.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_initial': initial,
  '0002_unambiguous_direct_keys': unambiguousDirectKeys,
  '0003_leave_marks': leaveMarks,
  '0004_idempotency_fingerprints': idempotencyFingerprints,
  '0005_shared_rate_limits': sharedRateLimits,
  '0007_message_edits': messageEdits,
  '0008_search_index': searchIndex,
  '0009_conversation_contexts_and_membership': conversationContextsAndMembership,
  '0010_notifications': notifications,
  '0011_attachments': attachments,
  '0012_search_index_backlog': searchIndexBacklog,
  '0013_postgres_reply_function': postgresReplyFunction,
  '0014_reply_partner_by_index': replyPartnerByIndex,
});

/**
 * The schema version a migration brings: the number its name starts with (`0009_…` is 9), so
 * that the version `messaging status` shows is the one the docs name, whatever numbers were
 * never released (there is no 0006).
 */
export function schemaVersionOf(migrationName: string): number {
  const version = Number.parseInt(migrationName.slice(0, 4), 10);
  return Number.isSafeInteger(version) ? version : 0;
}

/** The schema version this copy of the package writes: that of its newest migration. */
export const LATEST_SCHEMA_VERSION = Math.max(0, ...Object.keys(MIGRATIONS).map(schemaVersionOf));

/** Every table the package owns, for status output and tests. */
export const MESSAGING_TABLES = [
  'messaging_threads',
  'messaging_participants',
  'messaging_messages',
  'messaging_settings',
  'messaging_blocks',
  'messaging_idempotency_keys',
  'messaging_member_preferences',
  'messaging_suspensions',
  'messaging_reports',
  'messaging_thread_events',
  'messaging_rate_counters',
  'messaging_notification_schedule',
  'messaging_notifications',
  'messaging_notification_marks',
  'messaging_attachments',
  'messaging_attachment_chunks',
] as const;

/** Kysely's bookkeeping tables, named for good. */
export const MIGRATION_TABLE = 'messaging_migration';
export const MIGRATION_LOCK_TABLE = 'messaging_migration_lock';
