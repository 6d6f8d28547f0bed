'use strict';
/**
 * A host process for the notification reliability tests: it loads the BUILT package (the
 * bundle named by MESSAGING_BUNDLE) on the database of MESSAGING_DATABASE (JSON of the
 * `database` option) with `notifications` set, and runs the package's delivery worker. Its
 * `send` appends one line per call to NOTIFY_LOG before it does anything else:
 * `<notification id> <attempt> <pid>`, so the test sees every hand-over to the host, even one
 * cut off by SIGKILL.
 *
 * - NOTIFY_SEND=record (default): each send then waits a moment (1-3 ms), so that two
 *   processes overlap in their batches and a claim that let both take a row would show as a
 *   duplicate line. NOTIFY_SEND=hang: each send never settles (a mailer stuck mid-call), for
 *   the kill test.
 * - NOTIFY_CLOCK_OFFSET_MS: the package's clock runs this far ahead (to reach past a lease
 *   without waiting for it).
 * - NOTIFY_START_AT: epoch ms; the instance (and with it the worker) is created then, so two
 *   processes begin delivering at the same moment.
 * Prints `ready` once the worker runs. SIGTERM closes the instance and exits 0.
 */
const { appendFileSync } = require('node:fs');
const { createMessaging } = require(process.env.MESSAGING_BUNDLE);

const log = process.env.NOTIFY_LOG;
const hang = process.env.NOTIFY_SEND === 'hang';
const offset = Number(process.env.NOTIFY_CLOCK_OFFSET_MS || 0);
const startAt = Number(process.env.NOTIFY_START_AT || 0);
const pollIntervalMs = Number(process.env.NOTIFY_POLL_MS || 100);

async function send(notification) {
  appendFileSync(log, `${notification.id} ${notification.attempt} ${process.pid}\n`);
  if (hang) return new Promise(() => {});
  await new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * 3)));
}

async function main() {
  if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
  const messaging = createMessaging({
    database: JSON.parse(process.env.MESSAGING_DATABASE),
    users: { getUsers: async (ids) => ids.map((id) => ({ id, displayName: `Member ${id}`, profileUrl: null })) },
    currentUserId: () => null,
    rateLimits: false,
    clock: () => new Date(Date.now() + offset),
    notifications: { send, baseUrl: 'http://127.0.0.1/messages', delay: '1s', pollIntervalMs },
    logger: {
      info() {},
      warn: (obj, msg) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`),
      error: (obj, msg) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`),
    },
  });
  await messaging.migrate();
  // The worker's timer does not keep a process alive (a host's server does): this stands in for it.
  const alive = setInterval(() => {}, 60_000);
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    clearInterval(alive);
    messaging.close().then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`notify-worker failed to start: ${err && err.stack}\n`);
  process.exit(1);
});
