import { afterEach, describe, expect, it } from 'vitest';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { killChildApps, startChildApp } from './helpers/child-app.js';
import { type Answer, call, startThread } from './helpers/http-client.js';
import { counterMismatches, integrityCheck, reopen } from './helpers/reconcile.js';

const CLIENTS = 8;
const PER_CLIENT = 60;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killChildApps();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('two app processes writing one SQLite file at once', () => {
  it('answers every request with 2xx (no busy or locked error reaches a client) and the counts reconcile', async () => {
    const database = createSharedDatabase('sqlite');
    cleanups.push(database.cleanup);
    const a = await startChildApp(database.option);
    const b = await startChildApp(database.option);

    const pairs = [1, 3, 5, 7].map(String);
    const direct = await Promise.all(pairs.map((u) => startThread(a.base, u, [String(Number(u) + 1)], `setup ${u}`)));
    const group = await startThread(b.base, '1', ['2', '3', '4', '5', '6', '7', '8'], 'setup group');
    const setupMessages = pairs.length + 1;

    // Each member goes through both processes in turn, into the same threads as the others:
    // mostly replies, and every few requests a new-conversation request that reuses the
    // pair's direct thread, a read mark, or the unread count. Every kind of write races the
    // other process for the file's one write lock.
    const answers: Array<{ what: string; via: string; answer: Answer }> = [];
    let sends = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const user = String(c + 1);
        const partner = String(c % 2 === 0 ? c + 2 : c);
        const threads = [direct[Math.floor(c / 2)]!, group];
        for (let i = 0; i < PER_CLIENT; i++) {
          const app = i % 2 === c % 2 ? a : b;
          const via = app === a ? 'A' : 'B';
          const threadId = threads[i % 2]!;
          const kind = i % 10;
          let what: string;
          let answer: Answer;
          if (kind === 3) {
            what = 'start (reuses the direct thread)';
            answer = await call(`${app.base}/api/threads`, { user, body: { recipientIds: [partner], body: `two ${c} ${i}` } });
          } else if (kind === 6) {
            what = 'read';
            answer = await call(`${app.base}/api/threads/${threadId}/read`, { user, body: {} });
          } else if (kind === 9) {
            what = 'unread';
            answer = await call(`${app.base}/api/unread`, { user });
          } else {
            what = 'send';
            answer = await call(`${app.base}/api/threads/${threadId}/messages`, { user, body: { body: `two ${c} ${i}` } });
          }
          answers.push({ what, via, answer });
          if ((what === 'send' || what.startsWith('start')) && answer.status >= 200 && answer.status < 300) sends++;
        }
      }),
    );

    const failed = answers
      .filter((x) => x.answer.status < 200 || x.answer.status >= 300)
      .map((x) => ({ what: x.what, via: x.via, status: x.answer.status, body: x.answer.text.slice(0, 200), error: x.answer.error }));
    expect(failed, `server logs:\nA: ${a.stderr()}\nB: ${b.stderr()}`).toEqual([]);
    expect(answers).toHaveLength(CLIENTS * PER_CLIENT);
    await Promise.all([a.stop(), b.stop()]);

    const { db, close } = reopen(database.option);
    cleanups.push(close);
    expect(await integrityCheck(db)).toEqual(['ok']);
    const stored = await db
      .selectFrom('messaging_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(setupMessages + sends);
    expect(await counterMismatches(db)).toEqual([]);
    // The reused direct threads stayed one per pair: no process made a second one.
    const threads = await db
      .selectFrom('messaging_threads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(threads.n)).toBe(pairs.length + 1);
    console.log(
      `[sqlite, two processes] ${answers.length} requests (${sends} of them writing a message), all 2xx; ${Number(stored.n)} messages stored = ${setupMessages} setup + ${sends}`,
    );
  });
});
