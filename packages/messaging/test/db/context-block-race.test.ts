import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Messaging } from '../../src/create-messaging.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { codeOf, setUp } from './services-fixture.js';

/**
 * A block wins its race with a message in a thread ABOUT SOMETHING too (a context thread has its
 * own direct key): the block locks every thread of the pair (`pair_key`) and the pair's lock that
 * a first message takes. Lined up through a held lock (as safety-block-race.test.ts): the message
 * waits after its block check, the member blocks, then the holder lets go; an acknowledged
 * message must be stored when the block returns.
 */
describe.runIf(TEST_DIALECT === 'postgres')('a block racing a message in a context thread', () => {
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end().catch(() => {});
  });

  const isStored = async (messaging: Messaging, body: string) =>
    (await messaging.database.db.selectFrom('messaging_messages').select('id').where('body', '=', body).executeTakeFirst()) !== undefined;

  async function linedUp() {
    const fixture = await setUp({ rateLimits: false });
    const schema = fixture.messaging.database.postgres!.schema!;
    const holder = new pg.Client({ connectionString: TEST_POSTGRES_URL, options: `-c search_path="${schema}"` });
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    clients.push(holder, admin);
    await holder.connect();
    await admin.connect();
    const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const waiting = async () => {
      const { rows } = await admin.query<{ pid: number; blockers: number[] }>(
        "select pid, pg_blocking_pids(pid) as blockers from (select pid from pg_stat_activity where wait_event_type = 'Lock' offset 0) w",
      );
      const onHolder = rows.filter((r) => r.blockers.includes(holderPid)).map((r) => r.pid);
      return { onHolder: onHolder.length, behind: rows.filter((r) => r.blockers.some((b) => onHolder.includes(b))).length };
    };
    const until = async (condition: () => Promise<boolean> | boolean) => {
      const deadline = Date.now() + 10_000;
      while (!(await condition()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    };
    async function round(hold: string, params: unknown[], send: () => Promise<unknown>, block: () => Promise<void>, body: string) {
      await holder.query('begin');
      await holder.query(hold, params);
      let sent = false;
      const sending = codeOf(send()).finally(() => (sent = true));
      await until(async () => sent || (await waiting()).onHolder > 0);
      let blockReturned = false;
      const blocking = block().then(async () => {
        const stored = await isStored(fixture.messaging, body);
        blockReturned = true;
        return stored;
      });
      await until(async () => blockReturned || (await waiting()).behind > 0);
      await holder.query('commit');
      return { outcome: await sending, storedWhenBlocked: await blocking };
    }
    return { ...fixture, round };
  }

  it('makes the block wait for a reply in a context thread that already holds it', async () => {
    const { messaging, round } = await linedUp();
    // The pair also has a plain thread: the block must not stop at that one.
    await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['3'], body: 'plain' });
    const { thread } = await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['3'], body: 'about it', context: { type: 'listing', id: '1' } });
    for (let i = 0; i < 3; i++) {
      const body = `context reply ${i}`;
      const { outcome, storedWhenBlocked } = await round(
        'select 1 from messaging_participants where thread_id = $1 for update',
        [thread.id],
        () => messaging.conversations.sendMessage({ senderId: '3', threadId: thread.id, body }),
        () => messaging.blocks.block('2', '3'),
        body,
      );
      expect(outcome).toBe('no error');
      expect(storedWhenBlocked, 'the acknowledged reply was stored when the block returned').toBe(true);
      await messaging.blocks.unblock('2', '3');
    }
  });

  it('makes the block wait for a first message that is creating a context thread', async () => {
    const { messaging, known, round } = await linedUp();
    for (let i = 0; i < 3; i++) {
      const [blocker, sender] = [`blocker-${i}`, `sender-${i}`];
      for (const id of [blocker, sender]) known.set(id, { id, displayName: id });
      await messaging.conversations.startConversation({ senderId: sender, recipientIds: [blocker], body: `plain ${i}` });
      const body = `first about it ${i}`;
      const { outcome, storedWhenBlocked } = await round(
        'lock table messaging_messages in share mode',
        [],
        () => messaging.conversations.startConversation({ senderId: sender, recipientIds: [blocker], body, context: { type: 'listing', id: `l${i}` } }),
        () => messaging.blocks.block(blocker, sender),
        body,
      );
      expect(outcome).toBe('no error');
      expect(storedWhenBlocked, 'the acknowledged first message was stored when the block returned').toBe(true);
    }
  });
});
