import { existsSync, statSync } from 'node:fs';
import type { Request, Response } from 'express';
import { Kysely } from 'kysely';
import { z } from 'zod';
import type { DatabaseOption } from './db/connection/connect.js';
import { DIALECT_NAMES } from './db/connection/dialect.js';
import { SQLITE_SYNCHRONOUS_MODES } from './db/connection/sqlite.js';
import type { MetricsOptions } from './metrics-options.js';
import { type NotificationOptions, notificationOptionsSchema } from './notification-options.js';
import { type LocalizationOptions, localizationOptionShapes } from './localization-options.js';
import { type AttachmentOptions, attachmentOptionsSchema } from './attachment-options.js';

/** A host user id; numbers are accepted and stored as strings. */
export type UserId = string | number;

/** What the package shows of a member. */
export interface MessagingUser {
  id: UserId;
  displayName: string;
  /** Where the member's name links to. */
  profileUrl?: string | null;
  avatarUrl?: string | null;
}

/**
 * How the package learns about the host's members. It never reads the host's user table.
 */
export interface UsersAdapter {
  /**
   * Required. Looks up several members at once (one call per page, never one per row).
   * Returns the members it knows, in any order; unknown ids are simply left out (they are
   * refused as recipients and shown as "Deleted user" in old threads).
   */
  getUsers(ids: string[]): Promise<MessagingUser[]> | MessagingUser[];
  /**
   * Optional. Finds members by what a member typed (a name, a username, an email: the host
   * decides), for the compose page's recipient picker and `GET /api/users?q=`. `query` is
   * trimmed, 1 to 100 characters; `viewerId` is who is searching (leave out members they must
   * not find). Return at most `limit` members, best match first; the package drops the viewer,
   * repeats and any extra. Without it, a conversation starts only from a profile's Message button.
   */
  search?(query: string, viewerId: string, limit: number): Promise<MessagingUser[]> | MessagingUser[];
}

/**
 * The admin switch. The default provider keeps the state in the messaging database;
 * a host may keep it in its own settings instead.
 */
export interface ToggleProvider {
  /** Required. Whether messaging is on now. Called on every request: keep it cheap. */
  isEnabled(): boolean | Promise<boolean>;
  /** Required. Turns messaging on or off; `actor` is the id of who did it, or null (CLI, script). */
  setEnabled(enabled: boolean, actor: string | null): void | Promise<void>;
}

/** A pino-style logger. Only `info`, `warn` and `error` are used. Message text is never logged. */
export interface MessagingLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * A callback that receives the request. Written as a method so that TypeScript checks its
 * parameter bivariantly: a host may annotate `req` with its own subtype of express's `Request`
 * (one with `session` or `user` required) and still pass the function.
 */
type HostCallback<Arg, Result> = { bivarianceHack(arg: Arg): Result }['bivarianceHack'];

/**
 * Wraps a full page of the package in the host's layout. Return the whole HTML document.
 * `title` is plain text (it may hold a member's subject): escape it. `body` is HTML.
 * `req` and `res` are express's (`res.locals` holds what the host's middleware set).
 */
/**
 * The host's page layout. `lang` and `dir` are the member's locale and its direction: put
 * them on `<html>` (the package's own markup carries them too).
 */
export type LayoutFunction = HostCallback<{ title: string; body: string; lang: string; dir: 'ltr' | 'rtl'; req: Request; res: Response }, string | Promise<string>>;

/** Limits on what members may send. */
export interface MessagingLimits {
  /** @default 10000 characters */
  maxMessageLength?: number;
  /** @default 200 characters */
  maxSubjectLength?: number;
  /** Largest request body the router reads, in bytes. @default 65536 */
  maxBodyBytes?: number;
  /** Most other people in a group thread. @default 20 */
  maxGroupParticipants?: number;
  /** How long after sending a member may still edit their message, in minutes; 0 turns editing off (deleting stays). @default 15 */
  editWindowMinutes?: number;
}

/** Per-sender rate limits, counted in the messaging database (shared by every process and server, kept over restarts); `false` switches them off (load tests). */
export interface MessagingRateLimits {
  /** @default 30 */
  messagesPerMinute?: number;
  /** @default 20 */
  newThreadsPerHour?: number;
  /** New conversations one member may start per day; an admin may change it from the settings page. @default 50 */
  newThreadsPerDay?: number;
  /**
   * State-changing requests one member may make per minute, refused ones included: sends,
   * new threads, blocks, unblocks, "who may message me", reports, archive/mute/leave (read
   * marks do not count). Stops a member hammering the database with writes that are refused.
   * @default 120
   */
  writeAttemptsPerMinute?: number;
}

/** Settings of the live-update streams (`GET /api/events`). */
export interface LiveUpdatesOptions {
  /** How often an idle stream sends a comment (keeps proxies from closing it; re-checks the viewer and the switch). @default 25000 ms */
  heartbeatMs?: number;
  /** Open streams per member in one process; one more is refused with 429 `rate_limited`. @default 5 */
  maxStreamsPerUser?: number;
  /** Most messages a reconnecting stream replays; past that it sends `resync` (reload). @default 200 */
  replayLimit?: number;
  /** The reconnect delay the stream suggests to the browser (`retry:`). @default 3000 ms */
  retryMs?: number;
  /** Postgres: first wait before the listening connection reconnects; doubles up to 10 s. @default 250 ms */
  reconnectDelayMs?: number;
  /**
   * Most bytes one stream may hold unsent for a client that reads slowly or not at all. An
   * event that would take it past this closes the stream instead (the browser reconnects and
   * resumes from its last event id), so a stalled client cannot grow the server's memory.
   * At least 16384. @default 262144 (256 KiB)
   */
  maxBufferedBytes?: number;
}

/**
 * What a conversation is about, as the host names it (a listing, an order): `type` up to 64
 * characters, `id` up to 200, neither with control characters. A pair has one direct thread
 * per context (and one without).
 */
export interface ConversationContext {
  type: string;
  id: string;
}

/** How a context shows: its title (plain text; escaped by the package) and a link (a local path or an http(s) URL; any other is dropped). */
export interface ResolvedContextInfo {
  title: string;
  url?: string | null;
}

/**
 * Turns contexts into titles and links for the thread header and the inbox (`contexts`).
 * Method by method:
 * - `resolve(contexts, viewerId)` (required): called ONCE per page with every distinct context
 *   on it (never one call per thread), and the signed-in member (to hide what they may not
 *   see). Return an array in the same order: `{ title, url? }`, or null/undefined for a context
 *   you do not know (the page then shows the thread without a title for it). A throw fails the request.
 */
export interface ContextsAdapter {
  resolve(
    contexts: ConversationContext[],
    viewerId: string,
  ): ReadonlyArray<ResolvedContextInfo | null | undefined> | Promise<ReadonlyArray<ResolvedContextInfo | null | undefined>>;
}

/** Options of {@link createMessaging}. */
export interface MessagingOptions extends LocalizationOptions {
  /**
   * Where the messages live.
   * @default { sqlite: 'data/messages.db' }
   */
  database?: DatabaseOption;
  /** Required. How the package looks up the host's members. */
  users: UsersAdapter;
  /**
   * Required. Who is signed in: their id (a non-empty string or a safe integer, such as
   * `req.user.id`, never the `req.user` object), or null/undefined for a visitor. Any other
   * value is taken as a visitor, with a one-time warning in the log.
   */
  currentUserId: HostCallback<Request, UserId | null | undefined | Promise<UserId | null | undefined>>;
  /**
   * Whether the signed-in member is an administrator (guards the admin router).
   * @default () => false
   */
  isAdmin?: HostCallback<Request, boolean | Promise<boolean>>;
  /**
   * The admin switch.
   * @default a switch kept in the messaging database, off until an admin turns it on
   */
  toggle?: ToggleProvider;
  /**
   * Wraps the package's full pages in the host's layout. `title` is plain text and may hold
   * a member's subject or name: escape it (a template engine's escaping output does);
   * `body` is the page's HTML, to insert as it is.
   * @default a plain HTML page
   */
  layout?: LayoutFunction;
  /**
   * Where signed-out visitors of a page are sent; JSON routes answer 401 either way.
   * @default undefined (pages answer 401)
   */
  signInUrl?: string | HostCallback<Request, string>;
  /** @default see {@link MessagingLimits} */
  limits?: MessagingLimits;
  /** @default see {@link MessagingRateLimits} */
  rateLimits?: MessagingRateLimits | false;
  /**
   * Lets the host veto a new conversation (for example: only members older than a day, only
   * members of the same group). Called with the sender and the other members before a new
   * thread is made (not when a direct thread the two already have is reused); `false`
   * refuses with 403 `recipient_unavailable` and stores nothing. A throw fails the request.
   * Also asked when a member adds people to an existing group (`details.threadId` set, the
   * adder as `senderId`, the newcomers as `recipientIds`); `details.context` is the context a
   * new conversation is about. `details` is absent for a plain new conversation.
   * @default undefined (every conversation the members' own settings allow)
   */
  canStartConversation?: (senderId: string, recipientIds: string[], details?: { context?: ConversationContext; threadId?: string }) => boolean | Promise<boolean>;
  /**
   * Resolves what conversations are about (`{ type, id }`, given by the Message button, the
   * compose page or the API) to a title and a link, shown in the thread header and the inbox.
   * @default undefined (contexts still keep threads apart, but show no title)
   * @example contexts: { resolve: async (contexts, viewerId) => contexts.map((c) => listings.titleAndUrl(c.id)) }
   */
  contexts?: ContextsAdapter;
  /** Called with a member's new unread total whenever it changes. */
  onUnreadChange?: (userId: string, unreadTotal: number) => void | Promise<void>;
  /** Live updates over Server-Sent Events (`GET /api/events`). @default see {@link LiveUpdatesOptions} */
  liveUpdates?: LiveUpdatesOptions;
  /**
   * Signed-in members whose nav badge and blocks `locals()` keeps in memory per process, so a
   * host page asks the database nothing; the least recently seen leaves first. Set it above the
   * number of members active at once: each takes about 200 bytes (540 with blocks of their own).
   * 0 reads the database on every host page.
   * @default 50000
   */
  badgeCacheSize?: number;
  /**
   * Where the package logs (never message text). Replaces the default entirely.
   * @default unexpected errors to `console.error` (with a hint where one is known); info and warn quiet
   */
  logger?: MessagingLogger;
  /**
   * Exports the counters of `messaging.metrics()` to a prom-client registry (Prometheus text
   * format): messages sent, threads created, switch changes, refused requests by code, open
   * live-update streams. Needs `prom-client` installed; loaded only when this is given.
   * @default undefined (counters only through `messaging.metrics()`)
   * @example metrics: { registry: promClient.register }
   */
  metrics?: MetricsOptions;
  /**
   * Files in messages (photos, PDFs): `true` for the defaults, or limits, types, storage and an
   * inspect hook. Needs `sharp` installed. @default undefined (off)
   */
  attachments?: AttachmentOptions | boolean;
  /**
   * Tells members about messages they have not read (a mail per conversation or a daily digest):
   * the package decides when and whom, the host's `send` delivers. @default undefined (off)
   * @example notifications: { send: (n) => mailer.send(renderNotificationMail(n)), baseUrl: 'https://example.com/messages' }
   */
  notifications?: NotificationOptions;
  /**
   * A folder of your own templates: `<folder>/<name>.eta` replaces the package's template of
   * that name (`conversations/inbox.eta`, `partials/nav-link.eta`, …), read once at start.
   * `npx messaging templates copy <folder>` copies the package's templates there to start from.
   * @default undefined (the package's templates)
   */
  templates?: string;
  /** The time source, for tests. @default () => new Date() */
  clock?: () => Date;
}

const fn = (example: string) => z.custom<(...args: any[]) => any>((v) => typeof v === 'function', { message: `must be a function, for example ${example}` });

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain identifier such as "messaging"');

const sqliteShape = z.union([
  z.string().min(1),
  z
    .object({
      file: z.string().min(1).optional(),
      synchronous: z.enum(SQLITE_SYNCHRONOUS_MODES).optional(),
      busyTimeoutMs: z.number().int().min(0).optional(),
    })
    .strict(),
]);

const postgresShape = z.union([
  z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  z
    .object({
      connectionString: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
        .optional(),
      pool: z.custom<object>((v) => typeof v === 'object' && v !== null && typeof (v as any).connect === 'function', { message: 'must be a pg Pool' }).optional(),
      schema: identifier.optional(),
      poolConfig: z.record(z.string(), z.unknown()).optional(),
      preparedStatements: z.boolean().optional(),
    })
    .strict()
    .refine((v) => Boolean(v.connectionString) !== Boolean(v.pool), { message: 'needs exactly one of connectionString or pool' })
    .refine((v) => !(v.pool && v.schema), { message: 'schema works with connectionString only; set the search_path on your own pool instead' }),
]);

const databaseShape = z.union([
  z.object({ sqlite: sqliteShape }).strict(),
  z.object({ postgres: postgresShape }).strict(),
  z
    .object({
      kysely: z.custom<Kysely<any>>((v) => v instanceof Kysely || (typeof v === 'object' && v !== null && typeof (v as any).selectFrom === 'function'), {
        message: 'must be a Kysely instance',
      }),
      dialect: z.enum(DIALECT_NAMES).optional(),
    })
    .strict(),
]);

const positiveInt = z.number().int().positive();

const optionsSchema = z
  .object({
    database: databaseShape.optional(),
    users: z.object({ getUsers: fn('(ids) => db.users.findMany(ids)'), search: fn('(query, viewerId, limit) => db.users.findByName(query, limit)').optional() }).passthrough(),
    currentUserId: fn('(req) => req.session.userId'),
    isAdmin: fn("(req) => req.session.role === 'admin'").optional(),
    toggle: z
      .object({ isEnabled: fn('() => settings.get("messaging") === "on"'), setEnabled: fn('(on, actor) => settings.set("messaging", on ? "on" : "off")') })
      .passthrough()
      .optional(),
    // `title` may hold a member's subject: the example a host copies must escape it.
    layout: fn(
      "({ title, body }) => `<!doctype html><title>${title.replace(/[&<>\"']/g, (c) => `&#${c.charCodeAt(0)};`)}</title>${body}` (title is plain text that may hold a member's subject: escape it; body is HTML)",
    ).optional(),
    signInUrl: z.union([z.string().min(1), fn("(req) => '/login?next=' + encodeURIComponent(req.originalUrl)")]).optional(),
    limits: z
      .object({
        maxMessageLength: positiveInt.optional(),
        maxSubjectLength: positiveInt.optional(),
        maxBodyBytes: positiveInt.optional(),
        maxGroupParticipants: positiveInt.optional(),
        editWindowMinutes: z
          .number()
          .refine((n) => Number.isInteger(n) && n >= 0, 'must be a whole number of minutes, 0 or more (0 turns editing off), for example 15')
          .optional(),
      })
      .strict()
      .optional(),
    rateLimits: z
      .union([
        z.literal(false),
        z
          .object({
            messagesPerMinute: positiveInt.optional(),
            newThreadsPerHour: positiveInt.optional(),
            newThreadsPerDay: positiveInt.optional(),
            // A refine, not .int(): zod reports a failed .int() inside this union as "Invalid input" without the option's name.
            writeAttemptsPerMinute: z
              .number()
              .refine((n) => Number.isInteger(n) && n >= 1, 'must be a whole number of at least 1, for example 120')
              .optional(),
          })
          .strict(),
      ])
      .optional(),
    canStartConversation: fn('(senderId, recipientIds) => users.isTrusted(senderId)').optional(),
    contexts: z
      .object({ resolve: fn('async (contexts, viewerId) => contexts.map((c) => ({ title, url }))') })
      .passthrough()
      .optional(),
    onUnreadChange: fn('(userId, total) => db.users.update(userId, { unread: total })').optional(),
    liveUpdates: z
      .object({
        heartbeatMs: positiveInt.optional(),
        maxStreamsPerUser: positiveInt.optional(),
        replayLimit: positiveInt.optional(),
        retryMs: positiveInt.optional(),
        reconnectDelayMs: positiveInt.optional(),
        maxBufferedBytes: z.number().int().min(16_384, 'must be at least 16384 (16 KiB), for example 262144').optional(),
      })
      .strict()
      .optional(),
    badgeCacheSize: z
      .custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0, {
        message: 'must be a whole number of members, 0 or more (0 keeps none in memory), for example 50000',
      })
      .optional(),
    logger: z
      .object({ info: fn('pino().info'), warn: fn('pino().warn'), error: fn('pino().error') })
      .passthrough()
      .optional(),
    metrics: z
      .object({
        registry: z.custom<object>((v) => typeof v === 'object' && v !== null && typeof (v as any).registerMetric === 'function', { message: 'must be a prom-client Registry' }),
        prefix: z
          .string()
          .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus name prefix such as "messaging_"')
          .optional(),
      })
      .strict()
      .optional(),
    attachments: attachmentOptionsSchema,
    notifications: notificationOptionsSchema.optional(),
    ...localizationOptionShapes,
    templates: z
      .string()
      .min(1)
      .refine((dir) => existsSync(dir) && statSync(dir).isDirectory(), 'must be an existing folder of .eta templates (create it with `npx messaging templates copy <folder>`)')
      .optional(),
    clock: fn('() => new Date()').optional(),
  })
  .strict();

const EXAMPLES: Record<string, string> = {
  database: "database: { sqlite: 'data/messages.db' } or { postgres: process.env.DATABASE_URL }",
  users: 'users: { getUsers: async (ids) => db.users.findMany(ids) }',
  currentUserId: 'currentUserId: (req) => req.session.userId',
  isAdmin: "isAdmin: (req) => req.session.role === 'admin'",
  toggle: 'toggle: { isEnabled: () => …, setEnabled: (enabled, actor) => … }',
  limits: 'limits: { maxMessageLength: 10000 }',
  rateLimits: 'rateLimits: { messagesPerMinute: 30 } or rateLimits: false',
  contexts: 'contexts: { resolve: async (contexts, viewerId) => contexts.map((c) => ({ title: …, url: … })) }',
  metrics: "metrics: { registry: require('prom-client').register }",
  locale: 'locale: (req) => req.user?.language',
  timeZone: 'timeZone: (req) => req.user?.timeZone',
  defaultLocale: "defaultLocale: 'de'",
  strings: "strings: { en: { conversations: { inboxHeading: 'Inbox' } } }",
  notifications: "notifications: { send: (n) => mailer.send(n), baseUrl: 'https://example.com/messages' }",
};

/** Options after validation, with every default filled in. */
export interface ResolvedLimits extends Required<MessagingLimits> {}
export interface ResolvedRateLimits extends Required<MessagingRateLimits> {}

export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  maxMessageLength: 10_000,
  maxSubjectLength: 200,
  maxBodyBytes: 65_536,
  maxGroupParticipants: 20,
  editWindowMinutes: 15,
});

export const DEFAULT_RATE_LIMITS: ResolvedRateLimits = Object.freeze({
  messagesPerMinute: 30,
  newThreadsPerHour: 20,
  newThreadsPerDay: 50,
  writeAttemptsPerMinute: 120,
});

/**
 * Checks the options once, at the factory. A mistake throws a `TypeError` that names the
 * option, says what is wrong and shows a correct example.
 */
export function validateOptions(options: unknown): MessagingOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createMessaging(options) needs an options object, for example: createMessaging({ users: { getUsers }, currentUserId: (req) => req.session.userId })');
  }
  const result = optionsSchema.safeParse(options);
  if (result.success) return options as MessagingOptions;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(options)';
    const top = String(issue.path[0] ?? '');
    let message = issue.message;
    if (issue.code === 'invalid_type' && issue.input === undefined) message = 'is required';
    if (issue.code === 'unrecognized_keys')
      return `createMessaging: unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${path === '(options)' ? k : `${path}.${k}`}"`).join(', ')}; check the spelling against the documented options.`;
    const example = EXAMPLES[top];
    return `createMessaging: option "${path}" ${message}.${example ? ` Example: ${example}` : ''}`;
  });
  throw new TypeError([...new Set(lines)].join('\n'));
}
