import { describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUp } from './services-fixture.js';

/**
 * The host keeps its own copy of each member's unread total through `onUnreadChange`. A crash
 * between a commit and the hook leaves that copy wrong; `resyncUnread()` re-announces every
 * member's exact total so the host's copy heals.
 */
describe(`resyncUnread on ${TEST_DIALECT}`, () => {
  /** The host's copy, written only by the hook. */
  async function hostWithCopy(options: { failFor?: string } = {}) {
    const copy = new Map<string, number>();
    const calls: string[] = [];
    const errors: Array<{ obj: object; msg: string | undefined }> = [];
    const fixture = await setUp({
      logger: { info() {}, warn() {}, error: (obj, msg) => void errors.push({ obj, msg }) },
      onUnreadChange: (userId, total) => {
        calls.push(userId);
        if (userId === options.failFor) throw new Error('host database is down');
        copy.set(userId, total);
      },
    });
    const c = fixture.messaging.conversations;
    // 1 -> 2 (two messages), 3 -> 2, a group 1 -> 2,3,4 that 4 mutes, and 4 reads nothing else.
    const direct = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'one' });
    await c.sendMessage({ senderId: '1', threadId: direct.thread.id, body: 'two' });
    await c.startConversation({ senderId: '3', recipientIds: ['2'], body: 'three' });
    const group = await c.startConversation({ senderId: '1', recipientIds: ['2', '3', '4'], body: 'four' });
    await fixture.messaging.inboxControls.mute('4', group.thread.id);
    calls.length = 0;
    errors.length = 0;
    return { ...fixture, copy, calls, errors };
  }

  const exactTotals = async (messaging: Awaited<ReturnType<typeof setUp>>['messaging'], ids: string[]) =>
    new Map(await Promise.all(ids.map(async (id) => [id, (await messaging.conversations.getUnread(id)).unreadTotal] as const)));

  it('heals a wrong copy: every member with participant rows gets their exact total, zeros included', async () => {
    const { messaging, copy } = await hostWithCopy();
    // What a crash between commit and hook leaves behind: stale or missing totals.
    copy.set('1', 7);
    copy.set('2', 0);
    copy.delete('3');
    copy.set('4', 9);

    const result = await messaging.resyncUnread({ batchSize: 2 });

    const exact = await exactTotals(messaging, ['1', '2', '3', '4']);
    expect(exact.get('2')).toBe(4);
    expect(exact.get('1')).toBe(0);
    expect(exact.get('4')).toBe(0); // muted: nothing counts toward the badge
    expect(new Map([...copy].sort())).toEqual(exact);
    // Member 5 takes part in no thread: nothing to announce.
    expect(copy.has('5')).toBe(false);
    expect(result).toEqual({ members: 4, failed: 0 });
  });

  it('walks every member once across batches of any size', async () => {
    const { messaging, calls } = await hostWithCopy();
    for (const batchSize of [1, 3, 500]) {
      calls.length = 0;
      await messaging.resyncUnread({ batchSize });
      expect([...calls].sort()).toEqual(['1', '2', '3', '4']);
    }
  });

  it('goes on past a hook that throws, counts it and logs it', async () => {
    const { messaging, copy, errors } = await hostWithCopy({ failFor: '3' });
    copy.set('2', 0);
    copy.set('4', 9);
    const result = await messaging.resyncUnread({ batchSize: 1 });
    expect(result).toEqual({ members: 4, failed: 1 });
    expect(copy.get('2')).toBe(4);
    expect(copy.get('4')).toBe(0);
    expect(errors).toEqual([expect.objectContaining({ obj: expect.objectContaining({ userId: '3' }), msg: expect.stringContaining('onUnreadChange') })]);
  });

  it('skips forgotten members (their tombstones are nobody in the host)', async () => {
    const { messaging, calls } = await hostWithCopy();
    await messaging.forgetUser('3');
    calls.length = 0;
    await messaging.resyncUnread();
    expect([...calls].sort()).toEqual(['1', '2', '4']);
  });

  it('refuses a batch size that is not a positive integer, naming the option', async () => {
    const { messaging } = await hostWithCopy();
    for (const batchSize of [0, -1, 1.5, Number.NaN, 100_001]) {
      await expect(messaging.resyncUnread({ batchSize })).rejects.toThrow(/batchSize/);
    }
  });
});
