import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createMessaging, type Messaging, type MessagingOptions } from '@org/messaging';
import { benchUsers } from './support.js';

/** Where a bench server's messages live: a SQLite file, or a Postgres schema. */
export type BenchDatabase = { sqlite: string } | { postgres: { connectionString: string; schema: string } };

export interface BenchServer {
  url: string;
  messaging: Messaging;
  close(): Promise<void>;
}

export const listen = async (app: express.Express): Promise<{ server: Server; url: string }> => {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.keepAliveTimeout = 60_000;
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

/** Extra bare routes a bench server carries besides the package's router. */
export type ExtraRoutes = (app: express.Express) => void;

/**
 * A host as small as it gets: express, `messaging.router` at /messages with the viewer taken
 * from the `x-bench-user` header, rate limits off, the switch on, plus `/trivial` (a JSON
 * answer of the inbox's shape, touching nothing) and whatever bare routes `extra` adds.
 */
export async function startBenchServer(database: BenchDatabase, extra: ExtraRoutes = () => {}, options: Partial<MessagingOptions> = {}): Promise<BenchServer> {
  const messaging = createMessaging({
    database,
    ...benchUsers,
    currentUserId: (req) => req.get('x-bench-user') ?? null,
    rateLimits: false,
    ...options,
  });
  await messaging.migrate();
  await messaging.toggle.setEnabled(true, 'bench');
  const app = express();
  app.use('/messages', messaging.router);
  app.get('/trivial', (_req, res) => {
    res.json({ threads: [], nextCursor: null });
  });
  app.post('/bare/noop', (_req, res) => {
    res.status(201).json({ ok: true });
  });
  extra(app);
  const { server, url } = await listen(app);
  return {
    url,
    messaging,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await messaging.close();
    },
  };
}

/** Headers of a JSON write by `userId` that passes the CSRF guard as a same-origin fetch would. */
export const jsonWriteHeaders = (userId: string) => ({
  'content-type': 'application/json',
  'sec-fetch-site': 'same-origin',
  'x-bench-user': userId,
});
