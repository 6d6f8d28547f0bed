import express from 'express';
import request from 'supertest';
import type { Messaging } from '../../src/create-messaging.js';
import type { MessagingOptions } from '../../src/options.js';
import { createTestMessaging } from './test-messaging.js';

/** Options of {@link createHttpTestApp}. */
export interface HttpTestAppOptions {
  /** Where the router is mounted ('' for the root). @default '/messages' */
  mount?: string;
  /** Options passed on to createMessaging. */
  overrides?: Partial<MessagingOptions>;
  /** Which express builds the host app (Express 4 through the `express4` alias). @default express 5 */
  express?: (() => any) & { json?: unknown };
  /** Host middleware installed before the router (sessions, csurf, body parsers). */
  before?: (app: any) => void;
  /** Whether messaging starts switched on. @default true */
  enabled?: boolean;
}

/** A host app with the router mounted, and ways to call it as a member. */
export interface HttpTestApp {
  app: any;
  messaging: Messaging;
  mount: string;
  /** Requests as `userId` (or as a visitor with null); writes say `Sec-Fetch-Site: same-origin` like a browser. */
  as(userId: string | null): {
    get(path: string): request.Test;
    post(path: string): request.Test;
  };
  /** Row counts of the tables a request could write. */
  counts(): Promise<{ threads: number; participants: number; messages: number }>;
  cleanup(): Promise<void>;
}

/** Builds a migrated instance (toggle on) and a host app that mounts `messaging.router`. */
export async function createHttpTestApp(options: HttpTestAppOptions = {}): Promise<HttpTestApp> {
  const mount = options.mount ?? '/messages';
  const { messaging, cleanup } = await createTestMessaging({ rateLimits: false, ...options.overrides });
  if (options.enabled ?? true) await messaging.toggle.setEnabled(true, null);
  const app = (options.express ?? express)();
  options.before?.(app);
  if (mount) app.use(mount, messaging.router);
  else app.use(messaging.router);
  const url = (path: string) => `${mount}${path}`;
  const who = (test: request.Test, userId: string | null) => (userId === null ? test : test.set('x-test-user', userId));
  const count = async (table: 'messaging_threads' | 'messaging_participants' | 'messaging_messages') => {
    const row = await messaging.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    app,
    messaging,
    mount,
    as: (userId) => ({
      get: (path) => who(request(app).get(url(path)), userId),
      post: (path) => who(request(app).post(url(path)), userId).set('Sec-Fetch-Site', 'same-origin'),
    }),
    counts: async () => ({
      threads: await count('messaging_threads'),
      participants: await count('messaging_participants'),
      messages: await count('messaging_messages'),
    }),
    cleanup,
  };
}

/** Starts a thread between `from` and `to` over the JSON API; returns its id and first message id. */
export async function startThread(t: HttpTestApp, from: string, to: string[], body = 'Hello there'): Promise<{ threadId: string; messageId: string }> {
  const res = await t.as(from).post('/api/threads').send({ recipientIds: to, body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`could not start a thread: ${res.status} ${JSON.stringify(res.body)}`);
  return { threadId: res.body.thread.id, messageId: res.body.message.id };
}
