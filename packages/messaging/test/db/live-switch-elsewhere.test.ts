import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging, type Messaging } from '../../src/create-messaging.js';
import type { DatabaseOption } from '../../src/db/connection/connect.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { openEventStream, type SseClient, startServer } from '../helpers/sse-client.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

/**
 * Switching messaging off somewhere else (the CLI, or the admin page of another app server)
 * ends the open live streams of a running server at once, not at its next heartbeat.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const ADMIN = '5';
/** Far beyond the wait below: a heartbeat cannot be what ends the stream. */
const HEARTBEAT_MS = 120_000;
const WITHIN_MS = 5_000;

async function appServer(option: DatabaseOption) {
  const messaging: Messaging = createMessaging({
    database: option,
    users: { getUsers: async (ids) => TEST_USERS.filter((u) => ids.includes(String(u.id))) },
    currentUserId: (req: any) => req.headers?.['x-test-user'] ?? null,
    isAdmin: (req: any) => req.headers?.['x-test-user'] === ADMIN,
    liveUpdates: { heartbeatMs: HEARTBEAT_MS },
  });
  const app = express();
  app.use('/messages', messaging.router);
  app.use('/admin/messaging', messaging.adminRouter);
  const server = await startServer(app);
  const clients: SseClient[] = [];
  cleanups.push(async () => {
    for (const c of clients) c.close();
    await server.close();
    await messaging.close();
  });
  const open = async (userId: string) => {
    const client = await openEventStream(`${server.url}/messages/api/events`, { 'x-test-user': userId });
    clients.push(client);
    expect(client.status).toBe(200);
    await client.nextMatching((e) => e.event === 'unread');
    return client;
  };
  return { messaging, app, open };
}

/** Resolves when the stream ends; fails if it is still open after `WITHIN_MS`. */
async function endsSoon(client: SseClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the stream was still open ${WITHIN_MS} ms after the switch went off`)), WITHIN_MS);
  });
  try {
    await Promise.race([client.ended, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function setup() {
  const database = createSharedDatabase();
  cleanups.push(() => database.cleanup());
  const one = await appServer(database.option);
  await one.messaging.migrate();
  await one.messaging.toggle.setEnabled(true, null);
  return { database, one };
}

describe(`switching off elsewhere ends the open streams at once, on ${TEST_DIALECT}`, () => {
  it('`messaging disable` from the CLI', async () => {
    const { database, one } = await setup();
    const bob = await one.open('2');
    const alice = await one.open('1');
    const option = database.option as { sqlite?: string; postgres?: { schema: string } };
    const flags = option.sqlite ? ['--db', option.sqlite] : ['--postgres', TEST_POSTGRES_URL, '--schema', option.postgres!.schema];
    const off = await runCliCaptured(['disable', ...flags]);
    expect(off.code).toBe(0);
    await endsSoon(bob);
    await endsSoon(alice);
    expect(one.messaging.openStreams()).toBe(0);
  });

  it('the admin switch of another app server on the same database', async () => {
    const { database, one } = await setup();
    const two = await appServer(database.option);
    const bob = await one.open('2');
    const page = await request(two.app).get('/admin/messaging').set('x-test-user', ADMIN).expect(200);
    const token = /name="_csrf" value="([^"]*)"/.exec(page.text)![1]!;
    await request(two.app).post('/admin/messaging').set('x-test-user', ADMIN).type('form').send({ enabled: 'off', _csrf: token }).expect(303);
    expect(await two.messaging.toggle.isEnabled()).toBe(false);
    await endsSoon(bob);
    expect(one.messaging.openStreams()).toBe(0);
  });
});
