import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { createMessaging, type Messaging, type MessagingLogger } from '@org/messaging';
import { createUserRepository, openAppDatabase, seedDemoUsers, type AppDatabase, type User } from './app-db.js';
import { csrfProtection } from './csrf.js';
import { createMailFolder } from './mail/mail-folder.js';
import { createNotificationMailer } from './mail/notification-mailer.js';
import { cacheTemplates, renderLayout, renderPage } from './render.js';
import { adminRoutes } from './routes/admin.js';
import { adminMailRoutes } from './routes/admin-mail.js';
import { authRoutes } from './routes/auth.js';
import { LANGUAGES, languageRoutes } from './routes/language.js';
import { userRoutes } from './routes/users.js';
import { loadSessionSecret } from './session-secret.js';
import { createSettingsToggle } from './settings-toggle.js';
import { SqliteSessionStore } from './session-store.js';

export interface AppOptions {
  /** Holds app.db (users, settings, sessions), messages.db and the session secret. */
  dataDir: string;
  /** Keep the messages in Postgres instead of DATA_DIR/messages.db. */
  messagingDatabaseUrl?: string;
  /** false turns the package's rate limits off (load tests). @default true */
  rateLimits?: boolean;
  /** Signs session cookies. @default one made on first start and kept in dataDir */
  sessionSecret?: string;
  logger?: MessagingLogger;
  /** The app's address as members reach it: the notification mails' links start with it. @default 'http://localhost:3000' */
  publicUrl?: string;
  /** Notification mails (the package's `notifications` option). */
  mail?: {
    /** `SMTP_URL`: send through this server. Without it, each mail is an `.eml` file under `dataDir/mail/`, listed at /admin/mail. */
    smtpUrl?: string | undefined;
    /** `MESSAGING_NOTIFY_DELAY`: how long a message waits unread before its mail (`'2s'`, `'15m'`, ms). @default '3m' */
    delay?: string | number | undefined;
    /** How often the delivery loop looks for due mail. @default the package's (5 s) */
    pollIntervalMs?: number;
    /** false: no delivery loop in this process (tests call `messaging.notifications.deliverDue()`). @default true */
    worker?: boolean;
  };
  /** false leaves `messaging.locals()` out: no nav badge or Message button (the bench's baseline page). @default true */
  locals?: boolean;
  /**
   * Compile the app's page templates once (true) or on every page, so that edits show on reload
   * (false). Process-wide. @default true under NODE_ENV=production, else false
   */
  cacheTemplates?: boolean;
}

export interface ExampleApp {
  app: express.Express;
  messaging: Messaging;
  db: AppDatabase;
  /** True when this start created the demo members. */
  seeded: boolean;
  close(): Promise<void>;
}

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
/** The demo users' pictures (public/avatars/<username>.svg), served under /static; others have none. */
const AVATARS = new Set(readdirSync(join(PUBLIC_DIR, 'avatars')).flatMap((file) => (file.endsWith('.svg') ? [file.slice(0, -4)] : [])));

/** The host app: its own users and sessions, with @org/messaging mounted as the README shows. */
export async function createApp(options: AppOptions): Promise<ExampleApp> {
  if (options.cacheTemplates !== undefined) cacheTemplates(options.cacheTemplates);
  const db = openAppDatabase(options.dataDir);
  const seeded = await seedDemoUsers(db);
  const users = createUserRepository(db);
  const mailFolder = options.mail?.smtpUrl ? null : createMailFolder(options.dataDir);
  const mailer = createNotificationMailer({
    smtpUrl: options.mail?.smtpUrl,
    folder: mailFolder,
    from: 'Basic example <messages@example.test>',
    emailOf: (userId) => users.findById(Number(userId))?.email ?? null,
    logger: options.logger ?? console,
  });
  const viewerOf = (req: Request): User | undefined => (req.session?.userId ? users.findById(req.session.userId) : undefined);

  const memberOf = (u: { id: number; username: string; displayName: string }) => ({
    id: u.id,
    displayName: u.displayName,
    profileUrl: `/users/${encodeURIComponent(u.username)}`,
    avatarUrl: AVATARS.has(u.username) ? `/static/avatars/${encodeURIComponent(u.username)}.svg` : null,
  });
  const messaging = createMessaging({
    database: options.messagingDatabaseUrl ? { postgres: options.messagingDatabaseUrl } : { sqlite: join(options.dataDir, 'messages.db') },
    users: {
      getUsers: (ids) => users.findMany(ids.map(Number).filter(Number.isSafeInteger)).map(memberOf),
      // The compose page's recipient picker: members by name or username (the package drops the viewer).
      search: (query, _viewerId, limit) => users.search(query, limit).map(memberOf),
    },
    currentUserId: (req) => req.session?.userId ?? null,
    isAdmin: (req) => viewerOf(req)?.role === 'admin',
    toggle: createSettingsToggle(db),
    layout: ({ title, body, res, lang, dir }) => renderLayout(res, title, body, { lang, dir }),
    // The language a member chose in the nav (src/routes/language.ts), else their browser's;
    // times in the zone their browser sent once (public/time-zone.js), else UTC.
    locale: (req) => req.session?.locale,
    timeZone: (req) => req.session?.timeZone,
    signInUrl: (req) => `/login?next=${encodeURIComponent(req.originalUrl)}`,
    onUnreadChange: (userId, total) => users.setUnreadMessages(Number(userId), total),
    // The package decides when a member is told about unread messages; the mailer renders and sends.
    notifications: {
      send: mailer.send,
      baseUrl: `${(options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '')}/messages`,
      delay: options.mail?.delay ?? '3m',
      ...(options.mail?.pollIntervalMs ? { pollIntervalMs: options.mail.pollIntervalMs } : {}),
      ...(options.mail?.worker === false ? { worker: false } : {}),
    },
    // Photos and PDFs in messages, with the package's limits (10 MiB a file, 5 a message, 100 MiB
    // a member a day), kept in messages.db with the messages: one backup, prune and export for both.
    // Uploads nobody sent are deleted by the package itself, hourly (attachments.cleanupIntervalMs).
    attachments: true,
    ...(options.rateLimits === false ? { rateLimits: false as const } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await messaging.migrate();
  // users.unread_messages is our copy of each member's total, written by onUnreadChange. A
  // crash between a messaging commit and that hook leaves it wrong: re-announce every total
  // at start-up so a restart heals it. A failure here is logged, not fatal (the copy only
  // feeds a count on our pages; the badge reads the messaging database).
  await messaging.resyncUnread().catch((err: unknown) => (options.logger ?? console).error({ err: String(err) }, 'could not resynchronise the unread totals'));

  const store = new SqliteSessionStore(db);
  const app = express();
  // helmet's defaults, Content-Security-Policy included. Only `upgrade-insecure-requests`
  // waits for HTTPS: over plain http (a LAN demo, Safari on localhost) it would send the
  // browser to https after every form's 303 and the app would look broken.
  const overHttps = helmet();
  const overHttp = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  app.use((req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next));
  app.use('/static', express.static(fileURLToPath(new URL('../public', import.meta.url))));
  app.use(
    session({
      name: 'sid',
      secret: loadSessionSecret(options.dataDir, options.sessionSecret),
      store,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 7 * 24 * 60 * 60 * 1000 },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(csrfProtection);
  app.use((req, res, next) => {
    res.locals.viewer = viewerOf(req);
    // The nav's language switch: the choices, the member's, and where to come back to.
    res.locals.languages = LANGUAGES;
    res.locals.locale = req.session?.locale;
    res.locals.timeZone = req.session?.timeZone;
    res.locals.path = req.originalUrl;
    next();
  });

  if (options.locals !== false) app.use(messaging.locals());
  app.use(authRoutes(users));
  app.use(languageRoutes());
  app.use(userRoutes(users));
  app.use(adminRoutes(messaging));
  app.use(adminMailRoutes(mailFolder));
  app.use('/messages', messaging.router);
  app.use('/admin/messaging', messaging.adminRouter);

  app.use((_req, res) => renderPage(res, 'error', 'Not found', { heading: 'Not found', message: 'There is no page here.' }, 404));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    (options.logger ?? console).error({ err: String((err as Error)?.stack ?? err) }, 'request failed');
    if (res.headersSent) return;
    renderPage(res, 'error', 'Something went wrong', { heading: 'Something went wrong', message: 'Please try again in a moment.' }, 500);
  });

  return {
    app,
    messaging,
    db,
    seeded,
    async close() {
      store.close();
      await messaging.close();
      mailer.close();
      db.close();
    },
  };
}
