import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharedDatabase } from '../helpers/shared-database.js';
import { killNotifyWorkers, readHandovers, seedDueNotifications, startNotifyWorker, until } from './helpers/notify-processes.js';
import { reopen } from './helpers/reconcile.js';

/**
 * Issue 14: a crash during delivery is retried (at least once, under the same id). A process
 * is killed (SIGKILL) while the host's `send` is in flight, holding a claimed batch; another
 * process delivers the rest but leaves the claimed batch alone while its lease holds; a third,
 * whose clock is past the lease, delivers the batch: same ids, the next attempt, once each.
 */

const COUNT = 200;
/** Past any lease the package takes (its clock is moved, nobody waits for it). */
const AFTER_THE_LEASE_MS = 2 * 3_600_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await killNotifyWorkers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(['sqlite', 'postgres'] as const)('a process killed while send is in flight (%s)', (dialect) => {
  it('leaves its claim to the lease; after it, another process delivers the same ids', async () => {
    const database = createSharedDatabase(dialect);
    cleanups.push(database.cleanup);
    const dir = mkdtempSync(join(tmpdir(), 'messaging-notify-kill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await seedDueNotifications(database.option, COUNT);
    const { db, close } = reopen(database.option);
    cleanups.push(close);
    const byStatus = async () => {
      const rows = await sql<{ id: string; status: string; attempts: number }>`select id, status, attempts from messaging_notifications order by id`.execute(db);
      return rows.rows.map((r) => ({ id: String(r.id), status: r.status, attempts: Number(r.attempts) }));
    };

    // A: its send hangs (a mailer stuck mid-call); it is killed once the first one is in flight.
    const aLog = join(dir, 'a.log');
    const a = await startNotifyWorker(database.option, { log: aLog, send: 'hang' });
    await until(() => readHandovers(aLog).length > 0, `A to call send (${a.stderr()})`, 20_000);
    await a.kill();
    const inFlight = readHandovers(aLog)[0]!;
    expect(inFlight.attempt).toBe(1);
    const afterKill = await byStatus();
    expect(afterKill.find((r) => r.id === inFlight.id)?.status).toBe('sending');

    // B with the real clock: it delivers what A had not claimed; A's claims wait for their lease.
    const claimedByA = afterKill.filter((r) => r.status === 'sending').map((r) => r.id);
    expect(claimedByA.length).toBeGreaterThan(0);
    expect(claimedByA.length).toBeLessThan(COUNT);
    const bLog = join(dir, 'b.log');
    const b = await startNotifyWorker(database.option, { log: bLog });
    await until(async () => (await byStatus()).filter((r) => r.status === 'sent').length === COUNT - claimedByA.length, `B to deliver the rest (${b.stderr()})`, 30_000);
    // A second more: a claim B wrongly took would show now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await b.stop();
    const fromB = readHandovers(bLog);
    expect(fromB.filter((h) => claimedByA.includes(h.id))).toEqual([]);
    expect(fromB.every((h) => h.attempt === 1)).toBe(true);
    expect((await byStatus()).filter((r) => r.status === 'sending').map((r) => r.id)).toEqual(claimedByA);

    // C, whose clock is past the lease: it delivers A's claimed work, same ids, the next attempt.
    const cLog = join(dir, 'c.log');
    const c = await startNotifyWorker(database.option, { log: cLog, clockOffsetMs: AFTER_THE_LEASE_MS });
    await until(async () => (await byStatus()).every((r) => r.status === 'sent'), `C to deliver (${c.stderr()})`, 20_000);
    await c.stop();
    const fromC = readHandovers(cLog);
    const retried = fromC.find((h) => h.id === inFlight.id);
    expect(retried?.attempt).toBe(2);
    // C sent exactly A's claimed ones, each as its second attempt.
    expect(fromC.map((h) => h.id).sort()).toEqual([...claimedByA].sort());
    expect(fromC.every((h) => h.attempt === 2)).toBe(true);
    // Each id the host was handed: by A (cut off) and then once more; never twice after the kill.
    const afterA = [...readHandovers(bLog), ...fromC].map((h) => h.id);
    expect(afterA.length).toBe(new Set(afterA).size);
    expect(new Set(afterA)).toEqual(new Set((await byStatus()).map((r) => r.id)));
    expect(await byStatus()).toHaveLength(COUNT);
    console.log(
      `[${dialect}, kill -9 during send] ${inFlight.id} in flight at the kill (${claimedByA.length} claimed by A); ` +
        `B (lease holding) sent the ${fromB.length} others; C (clock past the lease) sent ${fromC.length}, ${inFlight.id} as attempt ${retried?.attempt}`,
    );
  });
});
