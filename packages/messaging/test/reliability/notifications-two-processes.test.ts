import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { killNotifyWorkers, readHandovers, seedDueNotifications, startNotifyWorker, until } from './helpers/notify-processes.js';
import { reopen } from './helpers/reconcile.js';

/**
 * Issue 14: exactly one sender among several app servers. Two processes run the package's
 * delivery worker over the same 1,000 due notifications (made by real sends): every
 * notification reaches the host's `send` once, none twice, none missing.
 */

const COUNT = 1_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await killNotifyWorkers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(['sqlite', 'postgres'] as const)('two processes delivering 1,000 due notifications (%s)', (dialect) => {
  it('hands each notification to one process once: no duplicate id, none missing, every outbox row sent', async () => {
    const database = createSharedDatabase(dialect);
    cleanups.push(database.cleanup);
    const dir = mkdtempSync(join(tmpdir(), 'messaging-notify-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const t0 = Date.now();
    await seedDueNotifications(database.option, COUNT);
    const seededMs = Date.now() - t0;

    // Both create their instance (and start their worker) at the same moment.
    const startAt = Date.now() + 1_500;
    const logs = [join(dir, 'a.log'), join(dir, 'b.log')];
    const [a, b] = await Promise.all([startNotifyWorker(database.option, { log: logs[0]!, startAt }), startNotifyWorker(database.option, { log: logs[1]!, startAt })]);
    const { db, close } = reopen(database.option);
    cleanups.push(close);
    const open = async () => {
      const row = await sql<{ n: string | number }>`select count(*) as n from messaging_notifications where status in ('pending', 'sending')`.execute(db);
      return Number(row.rows[0]!.n);
    };
    const handed = () => logs.reduce((n, log) => n + readHandovers(log).length, 0);
    // Done when the due schedule is turned into outbox rows and none of them is still open.
    await until(
      async () => handed() >= COUNT && (await open()) === 0,
      async () => {
        const byStatus = await sql<{ status: string; n: string | number }>`select status, count(*) as n from messaging_notifications group by status`.execute(db);
        const schedule = await sql<{ n: string | number }>`select count(*) as n from messaging_notification_schedule`.execute(db);
        const counts = byStatus.rows.map((r) => `${r.status} ${r.n}`).join(', ');
        return `${COUNT} deliveries: ${handed()} handed over; outbox ${counts}; schedule rows ${schedule.rows[0]!.n} (A: ${a.stderr()} B: ${b.stderr()})`;
      },
      // About 10 s (SQLite) and 20 s (Postgres) on the 2-core machine; far longer only when it is loaded.
      80_000,
    );
    // A little longer: a duplicate that was about to happen would show now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all([a.stop(), b.stop()]);
    const deliveredMs = Date.now() - startAt;

    const [fromA, fromB] = logs.map(readHandovers) as [ReturnType<typeof readHandovers>, ReturnType<typeof readHandovers>];
    const all = [...fromA, ...fromB];
    const seen = new Map<string, number>();
    for (const h of all) seen.set(h.id, (seen.get(h.id) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    expect(all).toHaveLength(COUNT);
    // Both processes took part (otherwise nothing raced).
    expect(fromA.length).toBeGreaterThan(0);
    expect(fromB.length).toBeGreaterThan(0);
    expect(all.every((h) => h.attempt === 1)).toBe(true);

    // The outbox agrees: one row per recipient, each sent once, under the id the host got.
    const rows = await sql<{ id: string; recipient_id: string; status: string }>`select id, recipient_id, status from messaging_notifications`.execute(db);
    expect(rows.rows).toHaveLength(COUNT);
    expect(rows.rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(new Set(rows.rows.map((r) => r.recipient_id)).size).toBe(COUNT);
    expect(new Set(rows.rows.map((r) => String(r.id)))).toEqual(new Set(seen.keys()));
    console.log(
      `[${dialect}, two workers] ${COUNT} due notifications seeded by real sends in ${seededMs} ms; delivered in ${deliveredMs} ms: ` +
        `${fromA.length} by A, ${fromB.length} by B, no duplicate, none missing`,
    );
  });
});
