/**
 * @org/messaging: direct messaging for an existing Express app.
 * Everything exported here is the public API; a test pins this list.
 */
export { createMessaging } from './create-messaging.js';
export type { Messaging } from './create-messaging.js';
export type { MessagingToggle, ToggleChange } from './services/toggle.js';
export type { LocalsOptions, MessagingLocals } from './http/locals.js';
export type { AdminToggleOptions } from './http/admin-router.js';
export type {
  MessagingOptions,
  MessagingUser,
  UsersAdapter,
  ToggleProvider,
  MessagingLogger,
  LayoutFunction,
  MessagingLimits,
  MessagingRateLimits,
  LiveUpdatesOptions,
  UserId,
} from './options.js';
export type { DatabaseOption, DatabaseHandle } from './db/connect.js';
export type { SqliteOptions } from './db/sqlite.js';
export type { PostgresOptions } from './db/postgres.js';
export type { SchemaStatus } from './db/migrate.js';
export type { DatabaseReport } from './db/status.js';
export type { MessagingDatabase } from './db/schema.js';
export type { MessagingEventMap, MessagingEventName } from './events.js';
export type {
  BlockService,
  ConversationService,
  GetThreadOptions,
  ListThreadsOptions,
  ReadResult,
  SendMessageInput,
  StartConversationInput,
  StartConversationResult,
  ThreadPage,
} from './services/conversation-service.js';
export type { Message, Page, Participant, ThreadSummary, UnreadState } from './services/types.js';
export type { InvalidField } from './http/validation.js';
export { ERROR_CODES, MessagingError, isMessagingError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { LATEST_SCHEMA_VERSION } from './db/migrations/index.js';
// Operations (the `messaging` command's backup, prune, export and stats) for hosts that run them from their own jobs.
export { backupSqlite } from './db/backup.js';
export type { SqliteBackupOptions, SqliteBackupResult } from './db/backup.js';
export { pruneMessages } from './services/retention.js';
export type { PruneOptions, PruneResult } from './services/retention.js';
export { exportMemberData } from './services/member-export.js';
export type { MemberExportOptions } from './services/member-export.js';
export { readUsageStats } from './services/usage-stats.js';
export type { UsageDay, UsageStats } from './services/usage-stats.js';
export type { ForgetMode, ForgetUserOptions, ForgetUserResult } from './services/forget-user.js';
export type { ResyncUnreadOptions, ResyncUnreadResult } from './services/unread-resync.js';
export type { MessagingMetricsSnapshot, MetricsOptions, PrometheusRegistry } from './services/metrics.js';
// Member safety and inbox control (docs/member-safety.md).
export type { InboxControlService } from './services/inbox-controls.js';
export type { MemberPreferenceService, WhoCanMessage } from './services/member-preferences.js';
export type { Report, ReportAction, ReportReason, ReportService } from './services/reports.js';
export type { ReportForReview } from './services/report-review.js';
export type { Suspension, SuspensionService } from './services/suspensions.js';
export type { AdminLimitsService, SendingLimits, SendingLimitsChange } from './services/admin-limits.js';
export type { SafetyLocals } from './http/locals.js';
export type { AdminLimitsOptions } from './http/admin-limits-routes.js';
