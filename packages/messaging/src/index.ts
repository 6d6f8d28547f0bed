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
