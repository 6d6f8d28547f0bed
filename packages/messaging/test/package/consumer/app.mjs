// An ES module host app: import the package, mount the router, answer one request.
import express from 'express';
import { createMessaging, ERROR_CODES } from '@org/messaging';

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
// prom-client is not installed here: asking for metrics must say so at once.
let promClient = 'no error';
try {
  createMessaging({ users: { getUsers: () => [] }, currentUserId: () => null, metrics: { registry: { registerMetric() {}, metrics: () => '' } } });
} catch (err) {
  promClient = err.message;
}
console.log(JSON.stringify({ app: 'esm', status: res.status, body: await res.json(), codes: Object.keys(ERROR_CODES).length > 0, promClient }));
server.close();
await messaging.close();
