import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { BusEvent, EventBus } from '../../src/services/live/event-bus.js';
import { channelFor, createPostgresEventBus, openListenConnection } from '../../src/services/live/postgres-event-bus.js';
import { eventually } from '../helpers/sse-client.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';

/** The Postgres bus on its own: NOTIFY from one bus reaches the other once, and a cut listener comes back. */
describe.runIf(TEST_DIALECT === 'postgres')('Postgres event bus', () => {
  const teardown: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of teardown.reverse()) await step();
    teardown.length = 0;
  });

  function bus(channel: string, reconnectDelayMs = 50): EventBus {
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2 }) }) });
    const b = createPostgresEventBus({ db, channel, connect: () => openListenConnection({ connectionString: TEST_POSTGRES_URL }), logger: silentLogger, reconnectDelayMs });
    teardown.push(
      () => db.destroy(),
      () => b.close(),
    );
    return b;
  }

  it('whenListening: resolves once the LISTEN has taken effect (a change published then is heard), or false at its time limit', async () => {
    const channel = channelFor(`bus_${randomBytes(4).toString('hex')}`);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2 }) }) });
    let slow = true;
    // A listener connection that takes 300 ms to open, as under load.
    const connect = async () => {
      if (slow) await new Promise((r) => setTimeout(r, 300));
      return openListenConnection({ connectionString: TEST_POSTGRES_URL });
    };
    const b = createPostgresEventBus({ db, channel, connect, logger: silentLogger });
    teardown.push(
      () => db.destroy(),
      () => b.close(),
    );
    const got: BusEvent[] = [];
    b.subscribe('2', (e) => got.push(e));
    expect(b.isListening()).toBe(false);
    expect(await b.whenListening(10)).toBe(false);
    expect(await b.whenListening(10_000)).toBe(true);
    await b.publish({ type: 'unread', userId: '2' });
    await eventually(() => got.some((e) => e.type === 'unread'), 5000, 'the change published once listening');
    slow = false;
    expect(await b.whenListening(1)).toBe(true);
  });

  it('delivers each event once to every bus on the channel (the publisher too), none to another channel, and resyncs after a cut', async () => {
    const channel = channelFor(`bus_${randomBytes(4).toString('hex')}`);
    const [sender, receiver, stranger] = [bus(channel), bus(channel), bus(channelFor(`bus_${randomBytes(4).toString('hex')}`))];
    const got: Record<string, BusEvent[]> = { sender: [], receiver: [], stranger: [] };
    sender.subscribe('2', (e) => got.sender!.push(e));
    receiver.subscribe('2', (e) => got.receiver!.push(e));
    stranger.subscribe('2', (e) => got.stranger!.push(e));
    // Each bus says `resync` once it listens.
    await eventually(() => Object.values(got).every((list) => list.some((e) => e.type === 'resync')), 10_000, 'all listening');

    await sender.publish({ type: 'message', threadId: 't', messageId: '1', recipientIds: ['2'] });
    await sender.publish({ type: 'unread', userId: '2' });
    await eventually(() => got.receiver!.length === 3 && got.sender!.length === 3, 10_000, 'both events heard');
    expect(got.receiver!.slice(1)).toEqual([
      { type: 'message', threadId: 't', messageId: '1', recipientIds: ['2'] },
      { type: 'unread', userId: '2' },
    ]);
    expect(got.sender).toEqual(got.receiver);

    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    teardown.push(() => admin.end());
    const cut = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where query = $1', [`LISTEN "${channel}"`]);
    expect(cut.rows).toHaveLength(2);
    await eventually(() => got.receiver!.filter((e) => e.type === 'resync').length === 2, 10_000, 'a resync after reconnecting');

    await sender.publish({ type: 'toggle', enabled: false });
    await eventually(() => got.receiver!.at(-1)?.type === 'toggle', 10_000, 'events after the reconnect');
    expect(got.receiver!.filter((e) => e.type === 'toggle')).toHaveLength(1);
    expect(got.stranger!.filter((e) => e.type !== 'resync')).toEqual([]);
  });

  it("coalesces a group send's events into one NOTIFY, and concurrent publishes into a few, delivering each event once in order", async () => {
    let notifies = 0;
    const db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 10 }) }),
      log: (e) => {
        if (e.level === 'query' && e.query.sql.includes('pg_notify')) notifies += 1;
      },
    });
    const channel = channelFor(`coalesce_${randomBytes(4).toString('hex')}`);
    const publisher = createPostgresEventBus({ db, channel, connect: () => openListenConnection({ connectionString: TEST_POSTGRES_URL }), logger: silentLogger });
    const listener = bus(channel);
    teardown.push(
      () => db.destroy(),
      () => publisher.close(),
    );
    const members = Array.from({ length: 21 }, (_, i) => String(i + 1));
    const got = new Map<string, BusEvent[]>(members.map((m) => [m, []]));
    for (const m of members) listener.subscribe(m, (e) => got.get(m)!.push(e));
    await eventually(() => got.get('1')!.some((e) => e.type === 'resync'), 10_000, 'listening');

    // What a send into a 21-member group publishes at once: its message, then each other member's unread total.
    await Promise.all([
      publisher.publish({ type: 'message', threadId: 'g', messageId: '1', recipientIds: members }),
      ...members.slice(1).map((userId) => publisher.publish({ type: 'unread', userId })),
    ]);
    expect(notifies).toBe(1);
    await eventually(() => members.slice(1).every((m) => got.get(m)!.some((e) => e.type === 'unread')), 10_000, 'every unread heard');
    expect(got.get('1')!.filter((e) => e.type !== 'resync')).toEqual([{ type: 'message', threadId: 'g', messageId: '1', recipientIds: members }]);
    for (const m of members.slice(1))
      expect(
        got
          .get(m)!
          .filter((e) => e.type !== 'resync')
          .map((e) => e.type),
      ).toEqual(['message', 'unread']);

    // 50 senders at once: one NOTIFY on its way at a time, the rest queued into the next.
    notifies = 0;
    await Promise.all(Array.from({ length: 50 }, (_, i) => publisher.publish({ type: 'message', threadId: 'g', messageId: String(100 + i), recipientIds: ['2'] })));
    expect(notifies).toBeLessThanOrEqual(2);
    await eventually(() => got.get('2')!.filter((e) => e.type === 'message').length === 51, 10_000, 'all 50 heard');
    const ids = got.get('2')!.flatMap((e) => (e.type === 'message' ? [Number(e.messageId)] : []));
    expect(ids.slice(1)).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
  });

  it("listens on a client taken from the host's pool, and gives it back destroyed at close", async () => {
    const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 3 });
    teardown.push(() => pool.end());
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    const channel = channelFor(`pool_${randomBytes(4).toString('hex')}`);
    const b = createPostgresEventBus({ db, channel, connect: () => openListenConnection({ pool }), logger: silentLogger });
    const got: BusEvent[] = [];
    b.subscribe('9', (e) => got.push(e));
    await eventually(() => got.some((e) => e.type === 'resync'), 10_000, 'listening');
    expect(pool.totalCount - pool.idleCount).toBe(1); // the listener keeps its client
    await b.publish({ type: 'unread', userId: '9' });
    await eventually(() => got.some((e) => e.type === 'unread'), 10_000, 'the event heard');
    await b.close();
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect(b.listenerCount()).toBe(0);
  });
});
