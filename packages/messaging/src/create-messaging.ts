import type { HttpContext } from './http/http-context.js';
import { createRenderer } from './views/rendering/engine.js';
import { createLocalization } from './views/i18n/localization.js';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { resolveAttachmentOptions } from './attachment-options.js';
import type { MessagingContext } from './context.js';
import { type DatabaseHandle, openDatabase } from './db/connection/connect.js';
import { migrateToLatest, readSchemaStatus, type SchemaStatus } from './db/migrations/migrate.js';
import { type DatabaseReport, readDatabaseReport } from './db/operations/status.js';
import { MessagingEvents, type MessagingEventMap, type MessagingEventName } from './events.js';
import { type AdminToggleOptions, createAdminRouter, renderAdminToggle } from './http/admin/admin-router.js';
import { type AdminLimitsOptions, renderAdminLimits } from './http/admin/limits-routes.js';
import { createModerationRouter } from './http/admin/moderation-router.js';
import { createCsrfProtection } from './http/guards/csrf.js';
import { createSenderLimits, createWriteAttemptGuard } from './http/guards/rate-limit.js';
import { createLocalsMiddleware, type LocalsOptions } from './http/host/locals.js';
import { createLiveUpdates } from './http/live/live-updates.js';
import { createRouter } from './http/router.js';
import { createSafetyRouter } from './http/safety/safety-router.js';
import { createThreadControls } from './http/safety/thread-controls.js';
import { consoleErrorLogger } from './logger.js';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMITS, type MessagingOptions, type UserId, validateOptions } from './options.js';
import { type BlockService, type ConversationService, createConversationService, createIdempotencyStore } from './services/conversations/conversation-service.js';
import type { InboxControlService } from './services/conversations/inbox-controls.js';
import { createRecipientSearch } from './services/conversations/recipient-search.js';
import { createSearchIndexBacklog } from './services/search/search-index-backlog.js';
import { createUserDirectory } from './services/conversations/user-directory.js';
import { loadSharp } from './services/attachments/image-library.js';
import { type AttachmentService, createAttachmentService } from './services/attachments/attachment-service.js';
import { startCleanupTimer } from './services/attachments/cleanup-timer.js';
import { createMembershipService, type MembershipService } from './services/conversations/group-membership.js';
import { createMessageEditService, type MessageEditService } from './services/conversations/message-edits.js';
import { type ForgetUserOptions, type ForgetUserResult, forgetUserAndAnnounce } from './services/operations/forget-user.js';
import { createInstanceMetrics, type MessagingMetricsSnapshot } from './services/operations/metrics.js';
import { createNotificationService } from './services/notifications/notification-service.js';
import { notifyDelayOf } from './services/notifications/schedule.js';
import type { NotificationService } from './notification-types.js';
import { createUnsubscribeLinks } from './services/notifications/unsubscribe-token.js';
import type { MemberPreferenceService } from './services/safety/member-preferences.js';
import type { ReportService } from './services/safety/reports.js';
import { createSafetyServices } from './services/safety/safety-services.js';
import { createSendingPolicy } from './services/safety/sending-policy.js';
import type { SuspensionService } from './services/safety/suspensions.js';
import { createLimitCounter } from './services/safety/limit-counter.js';
import { type AdminLimitsService, createAdminLimitsService } from './services/settings/admin-limits.js';
import { CSRF_SECRET_KEY, createDeploymentSecret, LIVE_EVENT_ID_KEY, NOTIFY_SECRET_KEY } from './services/settings/secrets.js';
import { createSettingsStore } from './services/settings/settings-store.js';
import { createDefaultToggleProvider, createManagedToggle, type MessagingToggle } from './services/settings/toggle.js';
import { type BadgeStateSource, createBadgeState } from './services/unread/badge-state.js';
import { type ResyncUnreadOptions, type ResyncUnreadResult, resyncUnread } from './services/unread/unread-resync.js';
import { andThen } from './shared/maybe-promise.js';

/** One messaging instance: its database, its routers and its services. */
export interface Messaging {
  /**
   * Creates or upgrades the messaging tables. Safe to call on every start and from several
   * processes at once. Throws when the database was written by a newer version.
   * @returns the migrations this call applied (empty when already current).
   */
  migrate(): Promise<{ applied: string[] }>;
  /** Which migrations the database has and which it lacks, changing nothing. */
  schemaStatus(): Promise<SchemaStatus>;
  /** Schema version, row counts and (SQLite) file sizes, for status pages and the CLI. */
  report(): Promise<DatabaseReport>;
  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends MessagingEventName>(name: K, listener: (payload: MessagingEventMap[K]) => void): () => void;
  /**
   * Closes the connections the instance opened (a host's own Kysely or pool stays open); ends
   * the live-update streams and the workers first. From then on every route answers 503
   * `database_unavailable` ("Messaging is shutting down.") and `locals()` gives pages no
   * entries. Stop the HTTP server taking requests first (see docs/operations.md). Idempotent.
   */
  close(): Promise<void>;
  /** Live-update streams (`GET /api/events`) open in this process now: a gauge for metrics. */
  openStreams(): number;
  /** The open database, for the CLI and advanced hosts. */
  readonly database: DatabaseHandle;
  /**
   * The admin switch: the `toggle` option's provider (or the default one, kept in the
   * messaging database, off until switched on), with every change logged and emitted as
   * `toggle.changed`. Switching on creates the tables when the database has none yet.
   * @example await messaging.toggle.setEnabled(true, adminUserId)
   */
  readonly toggle: MessagingToggle;
  /**
   * Middleware for every host page: sets `res.locals.messaging` = `{ enabled, inboxUrl,
   * navLink, unreadTotal, messageButton(profileUserId), blockButton(profileUserId) }`, all
   * markup as HTML strings.
   * Pass `inboxUrl` when the router is not mounted at '/messages'.
   * @example app.use(messaging.locals({ inboxUrl: '/messages' }));
   */
  locals(options?: LocalsOptions): RequestHandler;
  /**
   * The "Direct messaging" switch page for administrators (`isAdmin(req)`); not behind the
   * switch itself. GET shows it, POST (`enabled` = on|off, `_csrf`) flips it.
   * @example app.use('/admin/messaging', messaging.adminRouter);
   */
  readonly adminRouter: Router;
  /**
   * The switch as an HTML form, for a host's own settings page. By default it posts to
   * `messaging.adminRouter` at '/admin/messaging' with the package's CSRF token; pass
   * `action` and `csrfToken` to post to your own route instead.
   */
  adminToggleHtml(req: Request, options?: AdminToggleOptions): Promise<string>;
  /**
   * The member-facing pages and JSON API (see the HTTP contract): inbox, compose, threads,
   * `/api/*`, and the package's CSS and script under `/assets`. Mount it at any path, on
   * Express 4 or 5; it parses its own bodies and answers 404 `messaging_disabled` while the
   * switch is off.
   * @example app.use('/messages', messaging.router);
   */
  readonly router: Router;
  /**
   * Threads, messages and read state without Express, for jobs, scripts and tests: start a
   * conversation, reply, list the inbox, read a thread, mark read, read the badge. Pass the
   * signed-in member's id; errors are `MessagingError`s with the contract's codes.
   * @example await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hello' })
   */
  readonly conversations: ConversationService;
  /**
   * A member's own messages: edit one within `limits.editWindowMinutes`, delete one at any
   * time (the text is overwritten; the thread shows "Message deleted"). Others' messages
   * answer `not_found`.
   * @example await messaging.messageEdits.edit(currentUserId, messageId, 'Fixed the typo')
   */
  readonly messageEdits: MessageEditService;
  /**
   * Group membership: a participant adds members to a group (within its limit, each newcomer's
   * "who may message me", blocks and `canStartConversation`) or renames it; a system line records
   * each change. A newcomer sees the thread from the point they were added on only.
   * @example await messaging.membership.addMembers({ actorId: currentUserId, threadId, userIds: ['42'] })
   */
  readonly membership: MembershipService;
  /**
   * Blocks between members: a blocked member cannot start a conversation with the blocker or
   * write in their direct thread, and the blocker's Message button is hidden from them.
   * @example await messaging.blocks.block(currentUserId, spammerId)
   */
  readonly blocks: BlockService;
  /**
   * Archive, mute and leave, per member: an archived thread leaves the inbox until a new
   * message arrives; a muted one adds nothing to the badge; a left group is gone for them.
   * @example await messaging.inboxControls.mute(userId, threadId)
   */
  readonly inboxControls: InboxControlService;
  /**
   * Each member's "who may message me": `everyone`, `contacts` or `nobody` (new conversations only).
   * @example await messaging.preferences.set(userId, { whoCanMessage: 'contacts' })
   */
  readonly preferences: MemberPreferenceService;
  /**
   * Members' reports of messages and the moderators' decisions (dismiss, remove the message,
   * suspend the sender). New reports emit `report.created`.
   * @example messaging.on('report.created', ({ reportId }) => alertModerators(reportId))
   */
  readonly reports: ReportService;
  /**
   * Site-wide suspensions: a suspended member can neither send nor start (403 `suspended`).
   * @example await messaging.suspensions.unsuspend(userId)
   */
  readonly suspensions: SuspensionService;
  /**
   * The sending limits an admin can change from the settings page (`adminRouter` at
   * `/limits`): messages per minute, new conversations per day, most members in a group;
   * stored in the messaging database over the `rateLimits`/`limits` options.
   * @example await messaging.sendingLimits.set({ messagesPerMinute: 10 }, adminId)
   */
  readonly sendingLimits: AdminLimitsService;
  /**
   * The sending-limits form, for a host's own settings page (like `adminToggleHtml`). By
   * default it posts to `messaging.adminRouter` at '/admin/messaging/limits' with the
   * package's CSRF token; pass `action` and `csrfToken` to post elsewhere.
   */
  adminLimitsHtml(req: Request, options?: AdminLimitsOptions): Promise<string>;
  /**
   * Removes a member whose account the host deletes, in one transaction: their id is replaced
   * by a random tombstone (shown as "Deleted user") in their messages and threads, they leave
   * their threads, and their blocks, preferences, suspensions and stored request answers are
   * deleted. `anonymise` (the default) keeps the text of their messages so the others'
   * conversations read whole; `erase` deletes the text too. The other members' unread counts
   * are recounted and announced (`onUnreadChange`, `unread.changed`). Calling it again for the
   * same id changes nothing.
   * @example await messaging.forgetUser(user.id, { mode: 'erase' })
   */
  forgetUser(userId: UserId, options?: ForgetUserOptions): Promise<ForgetUserResult>;
  /**
   * Hands every member's current unread total to `onUnreadChange` again, so that the host's
   * copy of the totals (e.g. a `users.unread_messages` column) becomes exact after something
   * interrupted an announcement: a crash or a restart between a commit and the hook, a hook
   * that failed, or a CLI command (`prune`, `forget-user`) that ran outside the app. Call it at
   * start-up after `migrate()`, or from a job. Every member with participant rows is announced,
   * zeros included; no `unread.changed` event is emitted (live badges are already exact).
   *
   * Cost: members are streamed in id order in batches of `batchSize` (default 500), never all
   * in memory; each batch is one index-only page of member ids, one grouped sum over the
   * badge index and `batchSize` hook calls at once. A hook that throws is logged and counted in
   * `failed`; the others go on. A database error rejects the promise.
   * @example await messaging.migrate(); await messaging.resyncUnread();
   */
  resyncUnread(options?: ResyncUnreadOptions): Promise<ResyncUnreadResult>;
  /**
   * The instance's counters since it started: messages sent, threads created, switch
   * changes, refused requests by error code, and the live-update streams open now. Pass
   * `metrics: { registry }` to also export them to prom-client.
   * @example app.get('/healthz', (req, res) => res.json(messaging.metrics()))
   */
  metrics(): MessagingMetricsSnapshot;
  /**
   * Notifications about unread messages (the `notifications` option): each member's mode
   * (`off`, `conversation`, `digest`), `deliverDue()` for a job when `worker: false`, what is
   * pending, and a test notification. Without the option the modes still work and nothing is sent.
   * @example await messaging.notifications.setMode(userId, 'digest')
   */
  readonly notifications: NotificationService;
  /**
   * Files in messages, when the `attachments` option is on (null when off): stage an upload
   * (type from the bytes, images re-encoded without metadata, limits, inspect hook), open one
   * for a participant, delete uploads never sent. Sends link staged files by `attachmentIds`.
   * @example const staged = await messaging.attachments.stage(userId, { name: file.name, stream: file.stream })
   */
  readonly attachments: AttachmentService | null;
}

/** Builds the shared context of an instance from validated options (with what its pages are made with). */
export function createContext(options: MessagingOptions): HttpContext {
  const database = openDatabase(options.database ?? { sqlite: 'data/messages.db' });
  const clock = options.clock ?? (() => new Date());
  return {
    database,
    options,
    users: options.users,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    rateLimits: options.rateLimits === false ? false : { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    logger: options.logger ?? consoleErrorLogger,
    events: new MessagingEvents(),
    renderer: createRenderer({ templatesDir: options.templates }),
    localization: createLocalization({ defaultLocale: options.defaultLocale, strings: options.strings }),
    clock,
    now: () => clock().toISOString(),
  };
}

/**
 * The instance's settings, all over one store in `messaging_settings`: the switch (the host's
 * provider or the default one), the admin's sending limits, and the deployment's secrets.
 */
function createSettings(ctx: MessagingContext, runMigrations: () => Promise<string[]>) {
  const store = createSettingsStore(ctx.database.db, { now: ctx.now });
  const hostToggle = ctx.options.toggle;
  const defaultToggle = createDefaultToggleProvider(ctx.database.db, { now: ctx.now, clock: () => ctx.clock().getTime() });
  return {
    toggle: createManagedToggle(ctx, hostToggle ?? defaultToggle, runMigrations),
    // Past the switch's short cache: a host provider is asked directly, the default one reads its row.
    isEnabledNow: hostToggle ? async () => Boolean(await hostToggle.isEnabled()) : defaultToggle.readNow,
    // For locals() on every host page: the answer itself when the provider gives it at once.
    currentlyEnabled: hostToggle ? () => andThen(hostToggle.isEnabled(), Boolean) : defaultToggle.cachedNow,
    limits: createAdminLimitsService(ctx, store),
    csrfSecret: createDeploymentSecret(store, CSRF_SECRET_KEY),
    eventIdKey: createDeploymentSecret(store, LIVE_EVENT_ID_KEY),
    notifySecret: createDeploymentSecret(store, NOTIFY_SECRET_KEY),
  };
}

type Settings = ReturnType<typeof createSettings>;

/** The services without Express: conversations, and the member-safety ones beside them. */
function createServices(ctx: MessagingContext, settings: Settings) {
  const directory = createUserDirectory(ctx);
  const policy = createSendingPolicy(ctx, settings.limits);
  const attachmentOptions = resolveAttachmentOptions(ctx.options.attachments);
  const searchBacklog = createSearchIndexBacklog(ctx);
  return {
    searchBacklog,
    conversations: createConversationService(ctx, {
      directory,
      policy,
      attachments: attachmentOptions,
      notifyDelayMs: notifyDelayOf(ctx.options.notifications),
      searchBacklog,
    }),
    attachments: attachmentOptions ? createAttachmentService(ctx, attachmentOptions) : null,
    recipients: createRecipientSearch(ctx),
    membership: createMembershipService({ ctx, directory, policy }),
    messageEdits: createMessageEditService(ctx),
    safety: createSafetyServices(ctx, directory),
  };
}

/**
 * What the routers share, made once: one CSRF protection (one secret read, the proxy warning
 * said once), one write-attempt budget per member over the main and the member-safety
 * routers, and the sender limits over the admin's ones.
 */
function createGuards(ctx: HttpContext, settings: Settings) {
  // One counter for every rate limit, in the messaging database (shared by all processes).
  const counter = createLimitCounter(ctx.database.db, ctx.clock, (err) => ctx.logger.warn({ err }, 'messaging: could not delete old rate-limit counts'));
  return {
    csrf: createCsrfProtection(ctx, settings.csrfSecret),
    writeAttempt: createWriteAttemptGuard(ctx, counter),
    limits: createSenderLimits(ctx, settings.limits, counter),
  };
}

/**
 * Creates a messaging instance. Options are checked here, once: a mistake throws a
 * `TypeError` naming the option and showing a correct example. Nothing connects until the
 * first query (usually `migrate()`).
 *
 * @example
 * const messaging = createMessaging({
 *   database: { sqlite: 'data/messages.db' },
 *   users: { getUsers: (ids) => users.findMany(ids) },
 *   currentUserId: (req) => req.session.userId,
 * });
 * await messaging.migrate();
 */
export function createMessaging(options: MessagingOptions): Messaging {
  const ctx = createContext(validateOptions(options));
  // Attachments on without sharp: said at start-up, not at the first upload.
  if (resolveAttachmentOptions(ctx.options.attachments)) loadSharp();
  const { database } = ctx;
  let closed = false;
  const runMigrations = () => migrateToLatest(database);
  const settings = createSettings(ctx, runMigrations);
  const { toggle } = settings;
  const { conversations, recipients, messageEdits, membership, safety, attachments, searchBacklog } = createServices(ctx, settings);
  // Uploads never sent are deleted by the instance itself while attachments are on; close() stops it.
  const orphanCleanup = attachments ? startCleanupTimer(() => attachments.cleanupOrphans(), attachments.options.cleanupIntervalMs, ctx.logger) : undefined;
  // Live updates (GET /api/events): the bus starts with the first stream, close() stops it.
  const live = createLiveUpdates(ctx, {
    isEnabled: () => toggle.isEnabled(),
    isEnabledNow: settings.isEnabledNow,
    getUnreadTotal: async (userId) => (await conversations.getUnread(userId)).unreadTotal,
    eventIdKey: settings.eventIdKey,
  });
  // Counters fed by the instance's events; exported to prom-client when the host asks.
  const metrics = createInstanceMetrics(ctx, {
    live: {
      openStreams: () => live.openStreamCount(),
      slowStreamsClosed: () => live.bufferStats().slowStreamsClosed,
      streamBufferPeakBytes: () => live.bufferStats().peakBufferedBytes,
      liveSubscriptions: () => live.bus.listenerCount(),
    },
    ...(ctx.options.metrics ? { options: ctx.options.metrics } : {}),
  });
  // What locals() shows on every host page, remembered per member until a change is heard of.
  let badgeState: BadgeStateSource | undefined;
  const badges = () =>
    (badgeState ??= createBadgeState(ctx, live.bus, async (userId) => {
      const [unread, relations] = await Promise.all([conversations.getUnread(userId), safety.blocks.relationsOf(userId)]);
      return { unread, relations };
    }));
  const guards = createGuards(ctx, settings);
  // Notifications: signed unsubscribe links, the service and (when asked for) this process's delivery loop.
  const notifyOption = ctx.options.notifications;
  const unsubscribeLinks = notifyOption ? createUnsubscribeLinks({ secret: settings.notifySecret, baseUrl: notifyOption.baseUrl }) : undefined;
  const notifications = createNotificationService(ctx, { ...(unsubscribeLinks ? { links: unsubscribeLinks } : {}), isEnabled: settings.isEnabledNow });
  notifications.start();
  const adminParts = { ctx, toggle, csrf: guards.csrf };
  // The routes' switch guard: the cached answer itself when there is one, so a request goes on in the same tick.
  const routeToggle = { isEnabled: settings.currentlyEnabled };
  // The member-safety routes go first (their own paths only), then the main router.
  const router = express.Router().use(
    createSafetyRouter(ctx, {
      conversations,
      toggle: routeToggle,
      csrf: guards.csrf,
      services: safety,
      writeAttempt: guards.writeAttempt,
      // "Email me about unread messages" on the settings page and API, only when the host sends them.
      ...(notifyOption ? { notifications: notifications.service } : {}),
    }),
    createRouter(ctx, {
      conversations,
      messageEdits,
      membership,
      recipients,
      idempotency: createIdempotencyStore(ctx),
      toggle: routeToggle,
      events: live.handler,
      liveResume: live.resumeFrom,
      ...guards,
      threadControls: createThreadControls(safety, ctx.renderer),
      ...(attachments ? { attachments } : {}),
      ...(unsubscribeLinks ? { unsubscribe: { verify: unsubscribeLinks.verify, turnOff: (userId: string) => notifications.service.setMode(userId, 'off') } } : {}),
    }),
  );

  return {
    database,
    async migrate() {
      const applied = await runMigrations();
      if (applied.length > 0) {
        ctx.logger.info({ applied, database: database.where }, 'messaging: database migrated');
        ctx.events.emit('schema.migrated', { applied, where: database.where });
      }
      return { applied };
    },
    schemaStatus: () => readSchemaStatus(database.db),
    report: () => readDatabaseReport(database),
    on: (name, listener) => ctx.events.on(name, listener),
    toggle,
    // The moderators' review (`/reports`, `/suspensions`) first, then the switch page.
    adminRouter: express.Router().use(createModerationRouter(ctx, { csrf: guards.csrf, services: safety, limits: settings.limits }), createAdminRouter(adminParts)),
    router,
    conversations,
    attachments,
    messageEdits,
    membership,
    blocks: safety.blocks,
    forgetUser: (userId, forgetOptions) => forgetUserAndAnnounce(ctx, userId, forgetOptions),
    resyncUnread: (resyncOptions) => resyncUnread(ctx, resyncOptions),
    metrics: () => metrics.snapshot(),
    notifications: notifications.service,
    inboxControls: safety.inboxControls,
    preferences: safety.preferences,
    reports: safety.reports,
    suspensions: safety.suspensions,
    sendingLimits: settings.limits,
    adminLimitsHtml: (req, limitsOptions) => renderAdminLimits({ ctx, csrf: guards.csrf, limits: settings.limits }, req, limitsOptions),
    adminToggleHtml: (req, toggleOptions) => renderAdminToggle(adminParts, req, toggleOptions),
    locals: (localsOptions) =>
      createLocalsMiddleware(
        {
          ctx,
          isEnabled: settings.currentlyEnabled,
          badgeState: (viewerId) => badges().get(viewerId),
        },
        localsOptions,
      ),
    openStreams: () => live.openStreamCount(),
    async close() {
      if (closed) return;
      closed = true;
      badgeState?.stop();
      await orphanCleanup?.stop();
      await notifications.close();
      await live.close();
      await searchBacklog.close();
      await database.close();
    },
  };
}
