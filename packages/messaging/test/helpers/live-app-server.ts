import express, { type Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import type { MessagingOptions } from '../../src/options.js';
import { openEventStream, type SseClient, startServer } from './sse-client.js';
import { TEST_USERS } from './test-messaging.js';

/** A test's app server of messaging: {@link liveAppServer}. */
export interface LiveAppServer {
  messaging: Messaging;
  app: Express;
  /** `userId`'s event stream; `query` as `?lastEventId=…` for a page's mark. */
  open(userId: string, headers?: Record<string, string>, query?: string): Promise<SseClient>;
  /** A JSON write that passes the CSRF guard; must answer 200 or 201. */
  post(from: string, path: string, body: object): Promise<any>;
}

/**
 * One app server of messaging on a test database (a second call on the same option is a
 * second server), the viewer taken from `x-test-user`, rate limits off, then `options`.
 * `cleanups` gets what closes its streams, server and instance.
 */
export async function liveAppServer(
  database: NonNullable<MessagingOptions['database']>,
  cleanups: Array<() => Promise<void>>,
  options: Partial<MessagingOptions> = {},
): Promise<LiveAppServer> {
  const messaging: Messaging = createMessaging({
    database,
    users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: (req: any) => req.headers?.['x-test-user'] ?? null,
    rateLimits: false,
    ...options,
  });
  const app = express();
  app.use('/messages', messaging.router);
  const server = await startServer(app);
  const clients: SseClient[] = [];
  cleanups.push(async () => {
    for (const c of clients) c.close();
    await server.close();
    await messaging.close();
  });
  const open = async (userId: string, headers: Record<string, string> = {}, query = '') => {
    const client = await openEventStream(`${server.url}/messages/api/events${query}`, { 'x-test-user': userId, ...headers });
    clients.push(client);
    return client;
  };
  const post = async (from: string, path: string, body: object): Promise<any> => {
    const res = await request(app).post(`/messages${path}`).set('x-test-user', from).set('Sec-Fetch-Site', 'same-origin').send(body);
    expect([200, 201]).toContain(res.status);
    return res.body;
  };
  return { messaging, app, open, post };
}
