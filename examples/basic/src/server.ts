import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessagingLogger } from '@org/messaging';
import { DEMO_PASSWORD } from './app-db.js';
import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? fileURLToPath(new URL('../data', import.meta.url)));

// The package would refuse a malformed delay too, naming its option; this names the variable.
const notifyDelay = process.env.MESSAGING_NOTIFY_DELAY?.trim() || undefined;
if (notifyDelay !== undefined && !/^\d+\s*(ms|s|m|h)$/.test(notifyDelay)) {
  console.error(`Example app: MESSAGING_NOTIFY_DELAY=${JSON.stringify(notifyDelay)} is not a delay. Write it as 30s, 2m or 1h, e.g. MESSAGING_NOTIFY_DELAY=2s pnpm start`);
  process.exit(1);
}
const smtpUrl = process.env.SMTP_URL?.trim() || undefined;

/** One line per event, pino-like; the package never hands it message text. */
const line = (level: string) => (obj: object, msg?: string) => console.log(`${new Date().toISOString()} ${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
const logger: MessagingLogger = { info: line('info'), warn: line('warn'), error: line('error') };

const example = await createApp({
  dataDir,
  publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
  mail: { smtpUrl, delay: notifyDelay },
  ...(process.env.MESSAGING_DATABASE_URL ? { messagingDatabaseUrl: process.env.MESSAGING_DATABASE_URL } : {}),
  rateLimits: process.env.MESSAGING_RATE_LIMITS !== 'off',
  ...(process.env.SESSION_SECRET ? { sessionSecret: process.env.SESSION_SECRET } : {}),
  logger,
});

const enabled = await example.messaging.toggle.isEnabled();
const server = example.app.listen(port);
server.once('listening', () => {
  console.log(`Example app on http://localhost:${port} (data in ${dataDir})`);
  if (example.seeded) console.log('Created the demo members.');
  console.log(`Sign in as admin (administrator), alice, bob, carol or dave; every password is "${DEMO_PASSWORD}".`);
  console.log(
    `Notification mails (after ${notifyDelay ?? '3m'} unread, MESSAGING_NOTIFY_DELAY): ${smtpUrl ? 'sent through SMTP_URL' : `written to ${join(dataDir, 'mail')}, listed at http://localhost:${port}/admin/mail`}.`,
  );
  console.log(`Messaging is ${enabled ? 'on' : 'off'}; switch it at http://localhost:${port}/admin/settings (signed in as admin).`);
});
// Not listening is fatal: say why and how to fix it, and exit non-zero so that a supervisor
// or a script notices (Express 5 hands the error to the listen callback, which would go on).
server.once('error', (err: NodeJS.ErrnoException) => {
  const next = port === 3000 ? 3001 : 3000;
  const why =
    err.code === 'EADDRINUSE'
      ? `port ${port} is already in use by another process. Stop it, or start on another port: PORT=${next} pnpm start`
      : err.code === 'EACCES'
        ? `port ${port} needs privileges this user lacks. Use a port above 1023: PORT=${next} pnpm start`
        : `could not listen on port ${port} (${err.code ?? err.message}). Set another with PORT=${next} pnpm start`;
  console.error(`Example app: ${why}`);
  // The process ends in `finally` either way: a failed close has nobody left to tell.
  void example.close().finally(() => process.exit(1));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections?.();
    void example.close().finally(() => process.exit(0));
  });
}
