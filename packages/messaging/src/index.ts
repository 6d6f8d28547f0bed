/**
 * @org/messaging: direct messaging for an existing Express app.
 * Everything exported here is the public API; a test pins this list.
 */
export { createMessaging } from './create-messaging.js';
export type { Messaging } from './create-messaging.js';
export type { MessagingToggle, ToggleChange } from './services/settings/toggle.js';
export type { LocalsOptions, MessagingLocals } from './http/host/locals.js';
export type { AdminToggleOptions } from './http/admin/admin-router.js';
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
  ConversationContext,
  ContextsAdapter,
  ResolvedContextInfo,
} from './options.js';
export type { DatabaseOption, DatabaseHandle } from './db/connection/connect.js';
export type { SqliteOptions } from './db/connection/sqlite.js';
export type { PostgresOptions } from './db/connection/postgres.js';
export type { SchemaStatus } from './db/migrations/migrate.js';
export type { DatabaseReport } from './db/operations/status.js';
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
} from './services/conversations/conversation-service.js';
export type { Message, Page, Participant, ThreadSummary, UnreadState } from './services/conversations/types.js';
export type { ThreadViewerState } from './services/conversations/thread-messages.js';
export type { SearchMessagesOptions, SearchResult } from './services/search/message-search.js';
export type { ExcerptPart } from './services/search/search-excerpt.js';
export type { MessageEditService } from './services/conversations/message-edits.js';
export type { AddMembersInput, MembershipResult, MembershipService, RenameThreadInput } from './services/conversations/group-membership.js';
export type { ThreadEvent } from './services/conversations/types.js';
export type { InvalidField } from './http/guards/validation.js';
export { ERROR_CODES, MessagingError, isMessagingError } from './errors.js';
export type { ErrorCode, ErrorDetails, ErrorDetailsMap, FieldError } from './errors.js';
export { LATEST_SCHEMA_VERSION } from './db/migrations/index.js';
// The migrations, for a host that passes its own Kysely and runs them in its own flow (docs/database.md).
export { MESSAGING_MIGRATION_TABLES, messagingMigrationProvider, messagingMigrations } from './db/migrations/host-flow.js';
export type { MessagingMigration } from './db/migrations/host-flow.js';
// Operations (the `messaging` command's backup, prune, export and stats) for hosts that run them from their own jobs.
export { backupSqlite } from './db/operations/backup.js';
export type { SqliteBackupOptions, SqliteBackupResult } from './db/operations/backup.js';
export { pruneMessages } from './services/operations/retention.js';
export type { PruneOptions, PruneResult } from './services/operations/retention.js';
export { exportMemberData } from './services/operations/member-export.js';
export type { MemberExportOptions } from './services/operations/member-export.js';
export { readUsageStats } from './services/operations/usage-stats.js';
export type { UsageDay, UsageStats } from './services/operations/usage-stats.js';
export type { ForgetMode, ForgetUserOptions, ForgetUserResult } from './services/operations/forget-user.js';
export type { ResyncUnreadOptions, ResyncUnreadResult } from './services/unread/unread-resync.js';
export type { MessagingMetricsSnapshot } from './services/operations/metrics.js';
export type { MetricsOptions, PrometheusRegistry } from './metrics-options.js';
// Attachments (issue 17): the option, the storage adapter and its conformance check, the shapes the API returns.
export type { AttachmentInspectFile, AttachmentOptions, AttachmentStorage } from './attachment-options.js';
export type { AttachmentService } from './services/attachments/attachment-service.js';
export type { AttachmentUpload, MessageAttachment, OpenedAttachment, StagedAttachment } from './services/attachments/types.js';
export { createFileSystemStorage } from './services/attachments/file-system-storage.js';
export type { FileSystemStorageOptions } from './services/attachments/file-system-storage.js';
export { checkAttachmentStorage } from './services/attachments/storage-check.js';
export type { AttachmentStorageCheckOptions } from './services/attachments/storage-check.js';
export type { NotificationOptions } from './notification-options.js';
export type {
  DeliveryResult,
  MessagingNotification,
  NotificationMode,
  NotificationRecipient,
  NotificationService,
  NotificationThread,
  PendingNotificationSummary,
} from './notification-types.js';
// Member safety and inbox control (docs/member-safety.md).
export type { InboxControlService } from './services/conversations/inbox-controls.js';
export type { MemberPreferenceService, WhoCanMessage } from './services/safety/member-preferences.js';
export type { Report, ReportAction, ReportService } from './services/safety/reports.js';
export type { ReportReason } from './services/safety/report-reasons.js';
export type { ReportForReview } from './services/safety/report-review.js';
export type { Suspension, SuspensionService } from './services/safety/suspensions.js';
export type { AdminLimitsService, SendingLimits, SendingLimitsChange } from './services/settings/admin-limits.js';
export type { SafetyLocals } from './http/host/locals.js';
// The view partials as functions, for a host whose pages use another template engine (docs/host-integration.md).
export { renderNavLink } from './views/partials/nav-link.js';
export type { NavLinkInput } from './views/partials/nav-link.js';
export { renderUnreadBadge } from './views/partials/unread-badge.js';
export type { UnreadBadgeInput } from './views/partials/unread-badge.js';
export { renderMessageButton } from './views/partials/message-button.js';
export type { MessageButtonInput } from './views/partials/message-button.js';
export { renderBlockButton } from './views/partials/block-button.js';
export type { BlockButtonInput } from './views/partials/block-button.js';
export { renderAdminToggleForm } from './views/partials/admin-toggle.js';
export type { AdminToggleFormInput } from './views/partials/admin-toggle.js';
export type { AdminLimitsOptions } from './http/admin/limits-routes.js';
// The ready mail for a notification (docs/notifications.md), for a host's `notifications.send`.
export { renderNotificationMail } from './views/notifications/notification-mail.js';
export type { NotificationMail, NotificationMailInput, NotificationMailOptions, NotificationMailStrings } from './views/notifications/notification-mail.js';
