import { afterEach, describe, expect, it } from 'vitest';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { killChildApps, startChildApp } from './helpers/child-app.js';
import { call, startThread } from './helpers/http-client.js';

const ROUNDS = 30;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killChildApps();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The race as members meet it, across two app processes on one database: Carol (3) replies
 * through one server while Bob (2) blocks her through the other. Right after the block's 2xx
 * the test reads the thread as Bob: a reply that is acknowledged but was not there yet was
 * committed after the block. On SQLite the file's one write lock (BEGIN IMMEDIATE) orders the
 * two; on Postgres the block takes the lock the reply holds on the pair's thread.
 */
describe.each(['sqlite', 'postgres'] as const)('a block racing a reply through two app processes (%s)', (dialect) => {
  it(`never stores a reply after the block's answer in ${ROUNDS} rounds`, async () => {
    const database = createSharedDatabase(dialect);
    cleanups.push(database.cleanup);
    const replying = await startChildApp(database.option);
    const blocking = await startChildApp(database.option);
    const threadId = await startThread(replying.base, '2', ['3'], 'Hi Carol');

    const late: number[] = [];
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const body = `reply ${round}`;
      const reply = call(`${replying.base}/api/threads/${threadId}/messages`, { user: '3', body: { body } });
      const block = call(`${blocking.base}/api/blocks`, { user: '2', body: { userId: '3' } }).then(async (answer) => {
        expect(answer.status, answer.text).toBeLessThan(300);
        const page = await call(`${blocking.base}/api/threads/${threadId}?limit=100`, { user: '2' });
        return (page.json.messages as Array<{ body: string }>).some((m) => m.body === body);
      });
      const [replied, storedWhenBlocked] = await Promise.all([reply, block]);
      if (replied.status === 201 && !storedWhenBlocked) late.push(round);
      outcomes.push(replied.status === 201 ? 'sent' : `${replied.status} ${replied.json?.error?.code}`);
      expect((await call(`${blocking.base}/api/blocks/3`, { user: '2', method: 'DELETE', headers: { 'sec-fetch-site': 'same-origin' } })).status).toBeLessThan(300);
    }
    expect(
      outcomes.every((o) => o === 'sent' || o === '403 blocked'),
      outcomes.join(', '),
    ).toBe(true);
    expect(late, `server logs:\n${replying.stderr()}\n${blocking.stderr()}`).toEqual([]);
  });
});
