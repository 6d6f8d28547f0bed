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

  // A third connection lines the two up: it holds the participant rows the reply updates last,
  // after its block check. Bob blocks while the reply waits there, then the holder lets go.
  describe.runIf(TEST_DIALECT === 'postgres')('lined up through a held row lock', () => {
    it('makes the block wait for a reply that already holds the thread, so the reply commits first', async () => {
      const { messaging } = await setUp({ rateLimits: false });
      const threadId = await pairThread(messaging);
      const schema = messaging.database.postgres!.schema!;
      const holder = new pg.Client({ connectionString: TEST_POSTGRES_URL, options: `-c search_path="${schema}"` });
      holders.push(holder);
      await holder.connect();
      const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      holders.push(admin);
      await admin.connect();
      /** Backends waiting on the holder, and those waiting on a backend that waits on the holder. */
      const waiting = async () => {
        const { rows } = await admin.query<{ pid: number; blockers: number[] }>(
          'select pid, pg_blocking_pids(pid) as blockers from pg_stat_activity where cardinality(pg_blocking_pids(pid)) > 0',
        );
        const onHolder = rows.filter((r) => r.blockers.includes(holderPid)).map((r) => r.pid);
        return { onHolder, behind: rows.filter((r) => r.blockers.some((b) => onHolder.includes(b))).length };
      };
      const until = async (condition: () => Promise<boolean> | boolean) => {
        while (!(await condition())) await new Promise((r) => setTimeout(r, 5));
      };

      for (let round = 0; round < 3; round++) {
        await holder.query('begin');
        await holder.query('select 1 from messaging_participants where thread_id = $1 for update', [threadId]);
        const body = `lined up ${round}`;
        const replying = codeOf(messaging.conversations.sendMessage({ senderId: '3', threadId, body }));
        // The reply has checked the blocks and waits on the holder; now Bob blocks.
        await until(async () => (await waiting()).onHolder.length > 0);
        let blockReturned = false;
        const blocking = messaging.blocks.block('2', '3').then(async () => {
          const stored = await isStored(messaging, body);
          blockReturned = true;
          return stored;
        });
        // Either the block committed at once, or it waits behind the reply: let the reply go.
        await until(async () => blockReturned || (await waiting()).behind > 0);
        await holder.query('commit');
        expect(await replying).toBe('no error');
        expect(await blocking, 'the acknowledged reply was stored when the block returned').toBe(true);
        await messaging.blocks.unblock('2', '3');
      }
    });
  });
});
