'use strict';
/**
 * A host app for the reliability tests, run as a child process so that a test can SIGKILL it
 * or run two of them on one SQLite file. It loads the BUILT package (the bundle named by
 * MESSAGING_BUNDLE), as a host would, on the database named by MESSAGING_DATABASE (JSON of
 * the `database` option), mounts the router at /messages, listens on 127.0.0.1 and a free
 * port, and prints `listening <port>`. The viewer is the `x-test-user` header.
 * GET /__memory answers process.memoryUsage() after a full GC (with --expose-gc), for the soak.
 */
const express = require('express');
const { createMessaging } = require(process.env.MESSAGING_BUNDLE);

const USERS = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, displayName: `Member ${i + 1}`, profileUrl: null }));

async function main() {
  const messaging = createMessaging({
    database: JSON.parse(process.env.MESSAGING_DATABASE),
    users: { getUsers: async (ids) => USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: (req) => req.headers['x-test-user'] ?? null,
    // Off unless a test sets them (MESSAGING_RATE_LIMITS: JSON of the rateLimits option).
    rateLimits: process.env.MESSAGING_RATE_LIMITS ? JSON.parse(process.env.MESSAGING_RATE_LIMITS) : false,
    // Errors go to stderr so that a test can show why a request failed.
    logger: { info() {}, warn() {}, error: (obj, msg) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`) },
  });
  await messaging.migrate();
  await messaging.toggle.setEnabled(true, 'test');
  const app = express();
  app.get('/__memory', (_req, res) => {
    if (global.gc) global.gc();
    res.json(process.memoryUsage());
  });
  app.use('/messages', messaging.router);
  const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
  // Longer than any pause of the tests' keep-alive clients: with Node's 5 s default, a socket
  // the server closes as idle can be reused by the client in the same instant (ECONNRESET on
  // a loaded machine), a race of the test harness, not of the package. Proxies do the same.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => messaging.close().then(() => process.exit(0)));
  });
}

main().catch((err) => {
  process.stderr.write(`app-server failed to start: ${err && err.stack}\n`);
  process.exit(1);
});
