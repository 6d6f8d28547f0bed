import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Messaging } from '../../src/create-messaging.js';
import { TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { codeOf, setUp } from './services-fixture.js';

/**
 * A block wins its race with a reply in flight: Carol (3) replies in her direct thread with
 * Bob (2) while Bob blocks her. Either the reply is refused (`blocked`) or it committed
 * before the block did. The proof is definitive: right after `block()` resolves (its commit
 * is done) the test looks for the reply; a reply that is acknowledged but was not there yet
 * committed after the block.
 */
describe(`a block racing a reply on ${TEST_DIALECT}`, () => {
  const holders: pg.Client[] = [];
  afterEach(async () => {
    for (const client of holders.splice(0)) await client.end().catch(() => {});
  });

  async function pairThread(messaging: Messaging): Promise<string> {
    const { thread } = await messaging.conversations.startConversation({ senderId: '2', recipientIds: ['3'], body: 'Hi Carol' });
    return thread.id;
  }

  const isStored = async (messaging: Messaging, body: string) =>
    (await messaging.database.db.selectFrom('messaging_messages').select('id').where('body', '=', body).executeTakeFirst()) !== undefined;

  /** One free race: the reply's outcome, and whether it was stored when the block's commit returned. */
  async function race(messaging: Messaging, threadId: string, body: string, blockFirst: boolean) {
    let storedWhenBlocked = false;
    const block = () =>
      messaging.blocks.block('2', '3').then(async () => {
        storedWhenBlocked = await isStored(messaging, body);
      });
    const reply = () => codeOf(messaging.conversations.sendMessage({ senderId: '3', threadId, body }));
    // Whichever call starts first gets its first statement out first.
    const outcome = blockFirst ? (await Promise.all([block(), reply()]))[1] : (await Promise.all([reply(), block()]))[0];
    await messaging.blocks.unblock('2', '3');
    return { outcome, storedWhenBlocked };
  }

  it('never lets a reply commit after the block in 30 free races', async () => {
    const { messaging } = await setUp({ rateLimits: false });
    const threadId = await pairThread(messaging);
    const late: number[] = [];
    for (let round = 0; round < 30; round++) {
      const { outcome, storedWhenBlocked } = await race(messaging, threadId, `race ${round}`, round % 2 === 0);
      expect(['no error', 'blocked']).toContain(outcome);
      if (outcome === 'no error' && !storedWhenBlocked) late.push(round);
    }
    expect(late, 'rounds whose acknowledged reply committed after the block').toEqual([]);
  });

  it('never lets a first message open a direct thread after the block in 30 free races', async () => {
    const { messaging, known } = await setUp({ rateLimits: false });
    const late: number[] = [];
    for (let round = 0; round < 30; round++) {
      // A new pair each round: no direct thread exists yet, so there is no thread row to lock.
      const [blocker, sender] = [`blocker-${round}`, `sender-${round}`];
      for (const id of [blocker, sender]) known.set(id, { id, displayName: id });
      const body = `first ${round}`;
      let storedWhenBlocked = false;
      const block = messaging.blocks.block(blocker, sender).then(async () => {
        storedWhenBlocked = await isStored(messaging, body);
      });
      const start = codeOf(messaging.conversations.startConversation({ senderId: sender, recipientIds: [blocker], body }));
      const [outcome] = await Promise.all([start, block]);
      expect(['no error', 'blocked']).toContain(outcome);
      if (outcome === 'no error' && !storedWhenBlocked) late.push(round);
    }
    expect(late, 'rounds whose new thread committed after the block').toEqual([]);
  });

  // A third connection lines the two up: it holds what the message's transaction writes after
  // its block check, the member blocks while the message waits there, then the holder lets go.
  describe.runIf(TEST_DIALECT === 'postgres')('lined up through a held lock', () => {
    async function linedUp() {
      const fixture = await setUp({ rateLimits: false });
      const schema = fixture.messaging.database.postgres!.schema!;
      const holder = new pg.Client({ connectionString: TEST_POSTGRES_URL, options: `-c search_path="${schema}"` });
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      holders.push(holder, admin);
      await holder.connect();
      await admin.connect();
      const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      /** Backends waiting on the holder, and those waiting on a backend that waits on the holder. */
      const waiting = async () => {
        const { rows } = await admin.query<{ pid: number; blockers: number[] }>(
          // Only backends waiting on a lock (offset 0 keeps the filter first): pg_blocking_pids is not cheap.
          "select pid, pg_blocking_pids(pid) as blockers from (select pid from pg_stat_activity where wait_event_type = 'Lock' offset 0) w",
        );
        const onHolder = rows.filter((r) => r.blockers.includes(holderPid)).map((r) => r.pid);
        const behind = rows.filter((r) => r.blockers.some((b) => onHolder.includes(b))).length;
        return { onHolder: onHolder.length, behind };
      };
      const until = async (condition: () => Promise<boolean> | boolean) => {
        while (!(await condition())) await new Promise((r) => setTimeout(r, 5));
      };

      /** Holds with `hold`, sends, blocks while the send waits, lets go; returns what a user would see. */
      async function round(hold: string, params: unknown[], send: () => Promise<unknown>, block: () => Promise<void>, body: string) {
        await holder.query('begin');
        await holder.query(hold, params);
        let sent = false;
        const sending = codeOf(send()).finally(() => (sent = true));
        // A message that did not wait (refused, failed) ends the wait too; the assertions tell.
        await until(async () => sent || (await waiting()).onHolder > 0);
        let blockReturned = false;
        const blocking = block().then(async () => {
          const stored = await isStored(fixture.messaging, body);
          blockReturned = true;
          return stored;
        });
        // Either the block committed at once, or it waits behind the message: let the message go.
        await until(async () => blockReturned || (await waiting()).behind > 0);
        await holder.query('commit');
        return { outcome: await sending, storedWhenBlocked: await blocking };
      }
      return { ...fixture, round };
    }

    it('makes the block wait for a reply that already holds the thread, so the reply commits first', async () => {
      const { messaging, round } = await linedUp();
      const threadId = await pairThread(messaging);
      for (let i = 0; i < 3; i++) {
        const body = `lined up ${i}`;
        const { outcome, storedWhenBlocked } = await round(
          'select 1 from messaging_participants where thread_id = $1 for update',
          [threadId],
          () => messaging.conversations.sendMessage({ senderId: '3', threadId, body }),
          () => messaging.blocks.block('2', '3'),
          body,
        );
        expect(outcome).toBe('no error');
        expect(storedWhenBlocked, 'the acknowledged reply was stored when the block returned').toBe(true);
        await messaging.blocks.unblock('2', '3');
      }
    });

    it('makes the block wait for a first message that is creating the pair’s thread', async () => {
      const { messaging, known, round } = await linedUp();
      for (let i = 0; i < 3; i++) {
        const [blocker, sender] = [`blocker-${i}`, `sender-${i}`];
        for (const id of [blocker, sender]) known.set(id, { id, displayName: id });
        const body = `first lined up ${i}`;
        const { outcome, storedWhenBlocked } = await round(
          // The message INSERT waits on this table lock; the thread and its members are written before it.
          'lock table messaging_messages in share mode',
          [],
          () => messaging.conversations.startConversation({ senderId: sender, recipientIds: [blocker], body }),
          () => messaging.blocks.block(blocker, sender),
          body,
        );
        expect(outcome).toBe('no error');
        expect(storedWhenBlocked, 'the acknowledged first message was stored when the block returned').toBe(true);
      }
    });
  });
});
