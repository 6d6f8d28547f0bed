import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { killChildApps, startChildApp } from './helpers/child-app.js';
import { type Answer, call, startThread } from './helpers/http-client.js';
import { counterMismatches, reopen, storedMessages } from './helpers/reconcile.js';

const CLIENTS = 8;
const PER_CLIENT = 50;
/** Cut the connections after every this many answers: 13 rounds in a burst of 400. */
const CUT_EVERY = 30;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killChildApps();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Whether a process with this id is still running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Postgres connections dropped by the server during a burst of sends', () => {
  it('the app lives on: requests in flight answer 503 database_unavailable, every 2xx is stored once, later requests succeed', async () => {
    // Only this test's connections carry this name: the cuts never touch another session.
    const database = createTestDatabase('postgres');
    cleanups.push(database.cleanup);
    const pgOption = (database.option as { postgres: { schema: string; poolConfig: Record<string, unknown> } }).postgres;
    const appName = `msg-drops-${pgOption.schema}`.slice(0, 60);
    pgOption.poolConfig = { ...pgOption.poolConfig, application_name: appName };
    const app = await startChildApp(database.option);

    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    cleanups.push(() => admin.end());

    const pairs = [1, 3, 5, 7].map(String);
    const direct = await Promise.all(pairs.map((a) => startThread(app.base, a, [String(Number(a) + 1)], `setup ${a}`)));
    const group = await startThread(app.base, '1', ['2', '3', '4', '5', '6', '7', '8'], 'setup group');

    // The cuts: after every CUT_EVERY answers (so at the same points of the burst on a fast
    // or a slow machine), terminate this app's backends, busy ones (a query or a transaction
    // in progress) and idle ones alike. One cut at a time.
    const cut = { busy: 0, idle: 0, rounds: 0 };
    let cuts = Promise.resolve();
    const cutAll = async () => {
      const { rows } = await admin.query<{ state: string | null; cut: boolean }>(
        'select state, pg_terminate_backend(pid) as cut from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
        [appName],
      );
      for (const r of rows.filter((row) => row.cut)) r.state === 'idle' ? cut.idle++ : cut.busy++;
      cut.rounds++;
    };

    const outcomes: Array<{ body: string; answer: Answer }> = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const threadIds = [direct[Math.floor(c / 2)]!, group];
        for (let i = 0; i < PER_CLIENT; i++) {
          const body = `drops client ${c} send ${i}`;
          const answer = await call(`${app.base}/api/threads/${threadIds[i % 2]}/messages`, { user: String(c + 1), body: { body } });
          outcomes.push({ body, answer });
          if (outcomes.length % CUT_EVERY === 0) cuts = cuts.then(cutAll);
          if (answer.status === 0) return; // the process is gone
        }
      }),
    );
    await cuts;

    const acked = outcomes.filter((o) => o.answer.status === 201);
    const refused = outcomes.filter((o) => o.answer.status !== 201);
    const unanswered = outcomes.filter((o) => o.answer.status === 0);
    console.log(
      `[postgres] ${cut.rounds} rounds cut ${cut.busy} busy and ${cut.idle} idle connections during ${outcomes.length} sends: ` +
        `${acked.length} 201, ${refused.length} refused (${unanswered.length} unanswered)`,
    );
    // The process never died: every request got an answer, and it is still running.
    expect(
      unanswered.map((o) => o.answer.error),
      app.stderr().slice(-3000),
    ).toEqual([]);
    expect(alive(app.pid)).toBe(true);
    expect(cut.busy).toBeGreaterThan(0);
    // Each failure is the contract's 503, with Retry-After.
    for (const { answer } of refused) {
      expect(answer.status).toBe(503);
      expect(answer.json).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(refused.length).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan((CLIENTS * PER_CLIENT) / 2); // between the cuts the pool's new connections serve
    expect(app.stderr()).toMatch(/57P01|terminat/i); // the real cause is in the log

    // Every acknowledged message is stored once under its id; no refused one half-stored.
    const { db, close } = reopen(database.option);
    cleanups.push(close);
    const stored = await storedMessages(db);
    expect(acked.filter((o) => stored.get(o.body)?.join() !== String(o.answer.json.message.id))).toEqual([]);
    const ours = [...stored.entries()].filter(([body]) => body.startsWith('drops '));
    expect(ours.filter(([, ids]) => ids.length !== 1)).toEqual([]);
    expect(await counterMismatches(db)).toEqual([]);

    // Once the cuts stop, the pool's new connections serve requests again.
    const after = await call(`${app.base}/api/threads/${group}/messages`, { user: '2', body: { body: 'after the cuts' } });
    expect(after.status).toBe(201);
    expect((await call(`${app.base}/api/unread`, { user: '3' })).status).toBe(200);
    expect(alive(app.pid)).toBe(true);
  });
});
