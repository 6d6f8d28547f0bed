import type { Generated, Updateable } from 'kysely';

/**
 * Tables of the messaging database. Names start with `messaging_` and never change once
 * released: hosts may share a database (Postgres) with their own tables.
 *
 * Times are ISO 8601 strings in UTC with milliseconds (`2026-01-02T03:04:05.678Z`): they sort
 * as text, read the same on SQLite and Postgres, and go to the wire unchanged.
 * Message ids are integers (SQLite `INTEGER PRIMARY KEY`, Postgres `bigint` identity); the
 * drivers hand them back as `number` (SQLite) or `string` (Postgres), and the services
 * always turn them into strings before they leave the package.
 */
export interface MessagingDatabase {
  messaging_threads: ThreadsTable;
  messaging_participants: ParticipantsTable;
  messaging_messages: MessagesTable;
  messaging_settings: SettingsTable;
  messaging_blocks: BlocksTable;
  messaging_idempotency_keys: IdempotencyKeysTable;
  messaging_member_preferences: MemberPreferencesTable;
  messaging_suspensions: SuspensionsTable;
  messaging_reports: ReportsTable;
  messaging_thread_events: ThreadEventsTable;
  messaging_rate_counters: RateCountersTable;
  messaging_notification_schedule: NotificationScheduleTable;
  messaging_notifications: NotificationsTable;
  messaging_notification_marks: NotificationMarksTable;
  messaging_attachments: AttachmentsTable;
  messaging_attachment_chunks: AttachmentChunksTable;
}

export type ThreadKind = 'direct' | 'group';

export interface ThreadsTable {
  /** Random, URL-safe public id (never guessable). */
  id: string;
  kind: ThreadKind;
  subject: string | null;
  /** `["a","b"]` (the pair's ids, sorted, as JSON) for a direct thread, null for a group; unique, so a pair has one thread. */
  direct_key: string | null;
  created_by: string;
  created_at: string;
  last_message_at: string;
  last_message_id: string | number | null;
  /** The host-defined context the thread is about (schema version 9): both set, or both null. */
  context_type?: string | null;
  context_id?: string | null;
  /** A direct thread's pair key (its `direct_key` without the context), shared by all the pair's threads (schema version 9); null for a group. */
  pair_key?: string | null;
}

export interface ParticipantsTable {
  thread_id: string;
  user_id: string;
  joined_at: string;
  /** Highest message id this participant has read; never goes backwards. */
  last_read_message_id: string | number | null;
  /** Messages by others after `last_read_message_id`, kept in the same transaction as sends and reads. */
  unread_count: Generated<number>;
  /** Copy of the thread's `last_message_at`, so a user's inbox is one index range. */
  last_activity_at: string;
  archived_at: string | null;
  muted_at: string | null;
  left_at: string | null;
  /** The thread's latest message when the member left (schema version 3); null while they are in it. */
  left_after_message_id?: string | number | null;
  /** The thread's latest message when the member was added to an existing group (schema version 9): they see only later ones. Null for founding members. */
  joined_after_message_id?: string | number | null;
}

export interface MessagesTable {
  id: Generated<string | number>;
  thread_id: string;
  sender_id: string;
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /** The moderator who removed the message; null while it stands. */
  deleted_by?: string | null;
  /** Why it was removed (`moderator`); null while it stands. */
  deleted_reason?: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface BlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: string;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  /** What the first request answered: `{ status, body }` as JSON text. */
  response: string;
  created_at: string;
  /** SHA-256 (hex) of the request the key was first used for; null for keys stored before schema 4. */
  request_hash: string | null;
}

/** Who may start a conversation with a member: anyone, only people they already share a thread with, or nobody. */
export type WhoCanMessage = 'everyone' | 'contacts' | 'nobody';

export interface MemberPreferencesTable {
  user_id: string;
  who_can_message: WhoCanMessage;
  updated_at: string;
  /** How the member hears about unread messages (schema version 10); null takes the host's default. */
  notify_mode?: NotifyMode | null;
}

export interface SuspensionsTable {
  user_id: string;
  reason: string | null;
  /** The moderator who suspended the member, or null (CLI, script). */
  created_by: string | null;
  created_at: string;
}

export type ReportStatus = 'open' | 'dismissed' | 'message_deleted' | 'sender_suspended';

export interface ReportsTable {
  id: Generated<string | number>;
  message_id: string | number;
  thread_id: string;
  reporter_id: string;
  sender_id: string;
  reason: string;
  note: string | null;
  status: ReportStatus;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  /** What the message said when it was reported (schema version 7), kept for the moderators through later edits and deletion. */
  body_snapshot?: string | null;
}

export type ThreadEventKind = 'members_added' | 'renamed';

/** A system line of a thread (schema version 9): who added whom, who renamed it. Not a message: never unread, never searched. */
export interface ThreadEventsTable {
  id: Generated<string | number>;
  thread_id: string;
  actor_id: string;
  kind: ThreadEventKind;
  /** `members_added`: the ids added, as a JSON array. */
  user_ids: string | null;
  /** `renamed`: the new subject (null: the subject was cleared). */
  subject: string | null;
  /** The thread's latest message when it happened; the line shows after it. */
  after_message_id: string | number | null;
  created_at: string;
}

/** One member's count on one rate limit in its current fixed window (schema version 5). */
export interface RateCountersTable {
  member_id: string;
  /** `messages`, `new_threads_hour`, `new_threads_day` or `write_attempts`. */
  limit_name: string;
  /** When the window started: the member's first take after the previous window ended. */
  window_start: string;
  count: number;
  /** The window's end; a take after it starts a new window. Ended rows are deleted opportunistically. */
  expires_at: string;
}

/** One uploaded file (schema version 11): staged until a send links it to its message. */
export interface AttachmentsTable {
  /** Random, unguessable public id. */
  id: string;
  uploader_id: string;
  /** Null while staged. */
  thread_id: string | null;
  message_id: string | number | null;
  /** Sanitised file name, at most 200 characters. */
  name: string;
  /** The type read from the bytes. */
  content_type: string;
  /** Bytes stored (an image after re-encoding); Postgres hands a bigint back as a string. */
  size: string | number;
  width: number | null;
  height: number | null;
  /** The thumbnail's key in the storage; null for a file that is not an image. */
  thumbnail_key: string | null;
  storage_key: string;
  status: 'staged' | 'ready';
  created_at: string;
}

/** The bytes of the database storage, in chunks of 256 KiB (schema version 11). */
export interface AttachmentChunksTable {
  storage_key: string;
  seq: number;
  data: Uint8Array;
}

/** How a member hears about unread messages: not at all, a mail per conversation (once until read), or a daily digest. */
export type NotifyMode = 'off' | 'conversation' | 'digest';

/** A thread with something to tell (schema version 10): written by a send, expanded and deleted by the worker. */
export interface NotificationScheduleTable {
  thread_id: string;
  /** When the worker may expand it: the first message of the burst plus the delay. */
  due_at: string;
  /** The first message of the burst. */
  first_message_id: string | number;
}

export type NotificationKind = 'conversation' | 'digest' | 'test';
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/** The outbox (schema version 10): one row per recipient and mail. */
export interface NotificationsTable {
  /** Stable across retries: the host de-duplicates on it. */
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  /** `conversation`: the thread; null otherwise. */
  thread_id: string | null;
  /** `conversation`: the first message of the burst; null otherwise. */
  message_id: string | number | null;
  status: NotificationStatus;
  /** Claims so far (a claim counts as an attempt, so a send that kills the process still ends). */
  attempts: Generated<number>;
  /** When it may be claimed next (while pending or sending). */
  next_attempt_at: string;
  /** The end of the current claim's lease; null when not claimed. */
  locked_until: string | null;
  created_at: string;
  sent_at: string | null;
  /** The last failure, as the error's name and message (never message text). */
  last_error: string | null;
}

/** Per member and thread, the thread's latest message when they were last told (schema version 10). */
export interface NotificationMarksTable {
  thread_id: string;
  user_id: string;
  notified_message_id: string | number;
  notified_at: string;
}

export type ParticipantUpdate = Updateable<ParticipantsTable>;
