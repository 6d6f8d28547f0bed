import { afterEach, describe, expect, it } from 'vitest';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { sendBurst } from './helpers/burst.js';
import { killChildApps, startChildApp } from './helpers/child-app.js';
import { call, startThread } from './helpers/http-client.js';
import { counterMismatches, integrityCheck, reopen, storedMessages } from './helpers/reconcile.js';

const CLIENTS = 8;
const PER_CLIENT = 50;
/** The app is killed when this many sends have been acknowledged: well inside the burst of 400. */
const KILL_AFTER_ACKS = 150;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await killChildApps();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(['sqlite', 'postgres'] as const)('kill -9 of the app during a burst of sends (%s)', (dialect) => {
  it('keeps every acknowledged message, leaves a sound database, and the unread counters match a recount', async () => {
    const database = createSharedDatabase(dialect);
    cleanups.push(database.cleanup);
    const app = await startChildApp(database.option);

    // Four direct threads (1-2, 3-4, 5-6, 7-8) and one group of all eight: each member sends
    // into their pair's thread and the group in turn, so writers contend for the same rows.
    const pairs = [1, 3, 5, 7].map(String);
    const direct = await Promise.all(pairs.map((a) => startThread(app.base, a, [String(Number(a) + 1)], `setup ${a}`)));
    const group = await startThread(app.base, '1', ['2', '3', '4', '5', '6', '7', '8'], 'setup group');
    const clients = Array.from({ length: CLIENTS }, (_, i) => ({
      user: String(i + 1),
      bases: [app.base],
      threadIds: [direct[Math.floor(i / 2)]!, group],
    }));

    let killed: Promise<void> | undefined;
    let killedAt = { acked: 0, answered: 0 };
    const outcomes = await sendBurst(clients, PER_CLIENT, `kill-${dialect}`, (_o, acked) => {
      if (!killed && acked >= KILL_AFTER_ACKS) {
        killedAt = { acked, answered: 0 };
        killed = app.kill();
      }
    });
    await killed;

    const acked = outcomes.filter((o) => o.status >= 200 && o.status < 300);
    const unanswered = outcomes.filter((o) => o.status === 0);
    const refused = outcomes.filter((o) => o.status >= 300);
    // The kill came mid-burst: requests were cut off, and none was refused before it.
    expect(refused).toEqual([]);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.length).toBeLessThan(CLIENTS * PER_CLIENT);

    const { db, close } = reopen(database.option);
    cleanups.push(close);
    if (dialect === 'sqlite') expect(await integrityCheck(db)).toEqual(['ok']);
    const stored = await storedMessages(db);
    // Every acknowledged message is there, once, under the id its 201 gave.
    const lost = acked.filter((o) => stored.get(o.body)?.join() !== o.id);
    expect(lost).toEqual([]);
    // No send was stored twice, and nothing was stored that no request sent.
    const ours = [...stored.entries()].filter(([body]) => body.startsWith(`kill-${dialect} `));
    expect(ours.filter(([, ids]) => ids.length !== 1)).toEqual([]);
    const sentBodies = new Set(outcomes.map((o) => o.body));
    expect(ours.filter(([body]) => !sentBodies.has(body))).toEqual([]);
    expect(await counterMismatches(db)).toEqual([]);

    // The app starts again on the same database and goes on sending.
    const again = await startChildApp(database.option);
    const after = await call(`${again.base}/api/threads/${group}/messages`, { user: '2', body: { body: 'after the restart' } });
    expect(after.status).toBe(201);
    await again.stop();

    const inFlightStored = unanswered.filter((o) => stored.has(o.body)).length;
    console.log(
      `[${dialect}] kill -9 after ${killedAt.acked} acks: ${outcomes.length} sends answered or cut off of ${CLIENTS * PER_CLIENT} planned, ` +
        `${acked.length} 2xx (all stored), ${unanswered.length} cut off (${inFlightStored} of them stored anyway), ` +
        `${ours.length} burst messages stored`,
    );
  });
});
