// A TypeScript host app (module nodenext, strict): the public types as a host uses them.
import express, { type Request } from 'express';
import { createMessaging, type Messaging, type MessagingOptions, type MessagingUser } from '@org/messaging';

const users: MessagingUser[] = [{ id: 1, displayName: 'Alice' }];
const options: MessagingOptions = {
  database: { postgres: { connectionString: process.env.DATABASE_URL!, schema: process.env.SCHEMA! } },
  users: { getUsers: async (ids: string[]) => users.filter((u) => ids.includes(String(u.id))) },
  currentUserId: (req: Request) => (req.headers['x-user'] as string | undefined) ?? null,
  isAdmin: () => false,
};
const messaging: Messaging = createMessaging(options);
await messaging.migrate();
const app = express();
app.use(messaging.locals());
app.use('/messages', messaging.router);
app.use('/admin/messaging', messaging.adminRouter);
const server = app.listen(0);
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const res = await fetch(`http://127.0.0.1:${port}/messages/api/unread`);
const snapshot: { messagesSent: number } = messaging.metrics();
console.log(JSON.stringify({ app: 'ts', status: res.status, body: await res.json(), messagesSent: snapshot.messagesSent }));
server.close();
await messaging.close();
