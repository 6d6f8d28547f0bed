import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { channelFor } from '../../src/services/live/postgres-event-bus.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { openEventStream, type SseClient } from '../helpers/sse-client.js';
import { TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { killChildApps, startChildApp } from './helpers/child-app.js';
import { call, startThread } from './helpers/http-client.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killChildApps();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Ends the LISTEN connections of this deployment from the server side, as a failover would. */
async function cutListeners(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ cut: boolean }>("select pg_terminate_backend(pid) as cut from pg_stat_activity where query ilike 'listen%' and query like $1", [
      `%${channelFor(schema)}%`,
    ]);
    return rows.filter((r) => r.cut).length;
  } finally {
    await client.end();
  }
}

describe('two app processes on one Postgres database', () => {
  it('deliver a message sent through one to an event stream on the other, also after the listener connection is cut', async () => {
    const database = createSharedDatabase('postgres');
    cleanups.push(database.cleanup);
    const schema = (database.option as { postgres: { schema: string } }).postgres.schema;
    const a = await startChildApp(database.option);
    const b = await startChildApp(database.option);
    const threadId = await startThread(a.base, '1', ['2'], 'first, before anyone listens');
    const opening = await call(`${a.base}/api/threads/${threadId}`, { user: '2' });
    expect(opening.json.messages.map((m: { body: string }) => m.body)).toEqual(['first, before anyone listens']);
    const firstId: string = opening.json.messages[0].id;

    // Bob listens on process B; alice writes through process A.
    const stream: SseClient = await openEventStream(`${b.base}/api/events`, { 'x-test-user': '2' });
    cleanups.push(async () => stream.close());
    expect(stream.status).toBe(200);
    await stream.nextMatching((e) => e.event === 'unread');

    const send = (body: string) => call(`${a.base}/api/threads/${threadId}/messages`, { user: '1', body: { body } });
    const sent = await send('across processes');
    expect(sent.status).toBe(201);
    // The issue asks for delivery within a second; on loopback it takes milliseconds.
    // A message committed before the stream opened may still come first, when A's NOTIFY of it
    // reaches B only after B began listening (a loaded machine): shown once by id, as pages do.
    const first = await stream.nextMatching((e) => e.event === 'message' && JSON.parse(e.data).message.id !== firstId, 1000);
    expect(JSON.parse(first.data).message).toMatchObject({ id: sent.json.message.id, body: 'across processes', senderId: '1' });

    // The listener's connection is cut; a message is sent while B is not listening.
    expect(await cutListeners(schema)).toBeGreaterThan(0);
    const whileDown = await send('while the listener was down');
    expect(whileDown.status).toBe(201);
    const caughtUp = await stream.nextMatching((e) => e.event === 'message' && JSON.parse(e.data).message.id === whileDown.json.message.id, 10_000);
    expect(JSON.parse(caughtUp.data).message.body).toBe('while the listener was down');

    // And live again after the reconnect; nothing arrived twice.
    const after = await send('after the reconnect');
    await stream.nextMatching((e) => e.event === 'message' && JSON.parse(e.data).message.id === after.json.message.id, 5000);
    const ids = stream.events.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data).message.id);
    expect(ids.filter((id) => id !== firstId)).toEqual([sent.json.message.id, whileDown.json.message.id, after.json.message.id]);
    expect(ids.filter((id) => id === firstId).length).toBeLessThanOrEqual(1);
  });
});
