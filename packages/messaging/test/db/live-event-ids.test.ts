import { afterEach, describe, expect, it } from 'vitest';
import { liveAppServer } from '../helpers/live-app-server.js';
import { createSharedDatabase } from '../helpers/shared-database.js';
import type { SseEvent } from '../helpers/sse-client.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * Event ids must tell a member nothing of other members' traffic (they were global message
 * ids: any member could watch the site's message volume), while resuming from them works, on
 * either database and on another app server of the same database.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const isUnread = (e: SseEvent) => e.event === 'unread';
const isMessage = (e: SseEvent) => e.event === 'message';
const data = (e: SseEvent) => JSON.parse(e.data);
/** 36 bytes (nonce, position, tag) in base64url. */
const OPAQUE = /^[A-Za-z0-9_-]{48}$/;

const appServer = (option: ReturnType<typeof createSharedDatabase>['option']) => liveAppServer(option, cleanups);

async function setup() {
  const database = createSharedDatabase();
  cleanups.push(() => database.cleanup());
  const one = await appServer(database.option);
  await one.messaging.migrate();
  await one.messaging.toggle.setEnabled(true, null);
  return { database, one };
}

/** The id a fresh stream of `userId` starts with (its first event, the unread total). */
async function firstId(server: Awaited<ReturnType<typeof appServer>>, userId: string, headers: Record<string, string> = {}): Promise<SseEvent> {
  const client = await server.open(userId, headers);
  const first = await client.next();
  client.close();
  return first;
}

describe(`live-stream event ids on ${TEST_DIALECT}`, () => {
  it('are opaque and differ on every connection: member A learns nothing when B and C exchange 50 messages', async () => {
    const { one } = await setup();
    await one.post('4', '/api/threads', { recipientIds: ['1'], body: 'for Alice' });
    const before = [await firstId(one, '1'), await firstId(one, '1')];

    const bc = await one.post('2', '/api/threads', { recipientIds: ['3'], body: '1' });
    for (let i = 2; i <= 50; i++) await one.post(i % 2 ? '2' : '3', `/api/threads/${bc.thread.id}/messages`, { body: String(i) });
    const after = await firstId(one, '1');

    const ids = [...before, after].map((e) => e.id!);
    for (const id of ids) expect(id).toMatch(OPAQUE);
    // Not even two ids of one position are alike, so they cannot be compared or counted.
    expect(new Set(ids).size).toBe(3);
    expect(ids.map((e) => e.length)).toEqual([48, 48, 48]);
    expect([...before, after].map(data)).toEqual([{ unreadTotal: 1 }, { unreadTotal: 1 }, { unreadTotal: 1 }]);
  });

  it('answer an id the server did not give this member the same way whatever it holds: no oracle on the message count', async () => {
    const { one } = await setup();
    await one.post('4', '/api/threads', { recipientIds: ['1'], body: 'for Alice' });
    const bc = await one.post('2', '/api/threads', { recipientIds: ['3'], body: 'b to c' });
    await one.post('3', `/api/threads/${bc.thread.id}/messages`, { body: 'c to b' });
    const bobs = (await firstId(one, '2')).id!;
    const alices = (await firstId(one, '1')).id!;
    const tampered = alices.slice(0, 20) + (alices[20] === 'A' ? 'B' : 'A') + alices.slice(21);
    // Guesses below and above the real count, a tampered id, and another member's id.
    for (const guess of ['0', '1', '2', '999999999', tampered, bobs]) {
      const client = await one.open('1', { 'last-event-id': guess });
      const first = await client.next();
      client.close();
      expect([guess, first.event, data(first)]).toEqual([guess, 'resync', { reason: 'unknown_last_event_id' }]);
      expect(first.id).toMatch(OPAQUE);
    }
  });

  it('resume: exactly the messages A missed, once each, none of B and C, also through another app server', async () => {
    const { database, one } = await setup();
    const da = await one.post('4', '/api/threads', { recipientIds: ['1'], body: 'first' });
    const seen = await firstId(one, '1');

    const bc = await one.post('2', '/api/threads', { recipientIds: ['3'], body: 'b to c' });
    const missed: string[] = [];
    for (const body of ['one', 'two']) {
      missed.push((await one.post('4', `/api/threads/${da.thread.id}/messages`, { body })).message.id);
      await one.post('3', `/api/threads/${bc.thread.id}/messages`, { body: 'c to b' });
    }

    // The second server reads the same key from the database: it resumes from the first one's ids.
    const two = await appServer(database.option);
    for (const server of [one, two]) {
      const again = await server.open('1', { 'last-event-id': seen.id! });
      const total = await again.nextMatching(isUnread);
      const replayed = again.events.filter(isMessage);
      expect(replayed.map((e) => data(e).message.id)).toEqual(missed);
      for (const e of [...replayed, total]) expect(e.id).toMatch(OPAQUE);
      expect(data(total)).toEqual({ unreadTotal: missed.length + 1 });
      again.close();

      // From the last id received, nothing is replayed twice; a new message comes live.
      const resumed = await server.open('1', { 'last-event-id': total.id! });
      expect((await resumed.next()).event).toBe('unread');
      // Sent through the same server: on SQLite, each process's bus is its own.
      const late = (await server.post('4', `/api/threads/${da.thread.id}/messages`, { body: 'late' })).message.id;
      expect(data(await resumed.nextMatching(isMessage)).message.id).toBe(late);
      expect(resumed.events.filter(isMessage)).toHaveLength(1);
      resumed.close();
      missed.push(late);
    }
  });
});
