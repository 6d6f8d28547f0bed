// A CommonJS host app: require() the package, mount the router, answer one request.
const express = require('express');
const { createMessaging, isMessagingError } = require('@org/messaging');

/** prom-client is not installed here: asking for metrics must say so at once. */
function promClientError() {
  try {
    createMessaging({ users: { getUsers: () => [] }, currentUserId: () => null, metrics: { registry: { registerMetric() {}, metrics: () => '' } } });
    return 'no error';
  } catch (err) {
    return err.message;
  }
}

async function main() {
  const messaging = createMessaging({
    database: { postgres: { connectionString: process.env.DATABASE_URL, schema: process.env.SCHEMA } },
    users: { getUsers: async () => [] },
    currentUserId: (req) => req.headers['x-user'] ?? null,
  });
  await messaging.migrate();
  const app = express();
  app.use('/messages', messaging.router);
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const res = await fetch(`http://127.0.0.1:${server.address().port}/messages/api/unread`, { headers: { 'x-user': '1' } });
  console.log(JSON.stringify({ app: 'cjs', status: res.status, body: await res.json(), isMessagingError: typeof isMessagingError, promClient: promClientError() }));
  server.close();
  await messaging.close();
}
main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
