import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUp, unreadDrift } from './services-fixture.js';

const USERS = ['1', '2', '3', '4'];

type Op = { kind: 'send'; thread: number; sender: number } | { kind: 'read'; thread: number; reader: number; older: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), thread: fc.nat(3), sender: fc.nat(3) }),
  fc.record({ kind: fc.constant('read' as const), thread: fc.nat(3), reader: fc.nat(3), older: fc.boolean() }),
);

/**
 * Random interleavings of sends and reads by several members, run in concurrent batches so
 * that the database sees them overlap: afterwards every stored counter equals a recount from
 * the messages, and each member's badge equals the sum over their inbox.
 */
describe(`unread counters under random interleavings on ${TEST_DIALECT}`, () => {
  it('always equal a recount from the messages', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    // Three direct threads and a group of all four; members are picked among each thread's own.
    const threads = [
      { id: (await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'a' })).thread.id, members: ['1', '2'] },
      { id: (await c.startConversation({ senderId: '3', recipientIds: ['2'], body: 'b' })).thread.id, members: ['3', '2'] },
      { id: (await c.startConversation({ senderId: '4', recipientIds: ['1'], body: 'c' })).thread.id, members: ['4', '1'] },
      { id: (await c.startConversation({ senderId: '1', recipientIds: ['2', '3', '4'], body: 'd' })).thread.id, members: USERS },
    ];

    const run = async (o: Op, step: number) => {
      const t = threads[o.thread]!;
      if (o.kind === 'send') return c.sendMessage({ senderId: t.members[o.sender % t.members.length]!, threadId: t.id, body: `m${step}` });
      const reader = t.members[o.reader % t.members.length]!;
      const page = await c.getThread(reader, t.id, { limit: 100 });
      // A stale device names an older message; a fresh one reads up to the latest.
      const older = page.messages[Math.floor(page.messages.length / 2)];
      return c.markRead(reader, t.id, o.older && older ? older.id : undefined);
    };

    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        let step = 0;
        for (const batch of batches) await Promise.all(batch.map((o) => run(o, step++)));
        expect(await unreadDrift(messaging)).toEqual([]);
        for (const user of USERS) {
          const inbox = await c.listThreads(user, { limit: 100 });
          expect((await c.getUnread(user)).unreadTotal).toBe(inbox.items.reduce((n, t) => n + t.unreadCount, 0));
        }
      }),
      { numRuns: TEST_DIALECT === 'sqlite' ? 40 : 20, seed: Number(process.env.PROPERTY_SEED ?? 20261126) },
    );
  });
});
