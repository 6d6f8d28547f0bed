import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { MINUTE, type NotifyFixture, notifyFixture, outbox } from './notifications-fixture.js';

/** Nobody is told about what they muted, blocked, left or turned off, nor from a suspended sender or a switched-off site. */

let open: NotifyFixture[] = [];
afterEach(async () => {
  await Promise.all(open.map((f) => f.cleanup()));
  open = [];
});

async function groupOfThree() {
  const f = await notifyFixture();
  open.push(f);
  const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Plans for Saturday?' });
  return { f, threadId: thread.id };
}

async function deliverAfterDelay(f: NotifyFixture) {
  f.advance(10 * MINUTE);
  const result = await f.messaging.notifications.deliverDue();
  return { result, told: f.sent.map((n) => n.recipientId).sort() };
}

describe(`who is never told, on ${TEST_DIALECT}`, () => {
  it('control: both other members of the group are told', async () => {
    const { f } = await groupOfThree();
    expect((await deliverAfterDelay(f)).told).toEqual(['2', '3']);
  });

  it('a member who muted the thread', async () => {
    const { f, threadId } = await groupOfThree();
    await f.messaging.inboxControls.mute('2', threadId);
    expect((await deliverAfterDelay(f)).told).toEqual(['3']);
  });

  it('a member muting after the row was queued, right before sending', async () => {
    const { f, threadId } = await groupOfThree();
    f.behaviour.next = async (n) => {
      if (n.recipientId === '3') throw new Error('mailer down');
    };
    await deliverAfterDelay(f);
    await f.messaging.inboxControls.mute('3', threadId);
    f.behaviour.next = () => {};
    f.advance(MINUTE);
    expect(await f.messaging.notifications.deliverDue()).toEqual({ sent: 0, failed: 0, skipped: 1 });
    expect(f.sent.map((n) => n.recipientId)).toEqual(['2']);
    expect((await outbox(f.messaging)).find((r) => r.recipient_id === '3')).toMatchObject({ status: 'skipped', last_error: 'muted' });
  });

  it('a recipient who blocked the sender (direct thread, blocked after the message)', async () => {
    const f = await notifyFixture();
    open.push(f);
    await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Buy my stuff' });
    await f.messaging.blocks.block('2', '1');
    const { told, result } = await deliverAfterDelay(f);
    expect(told).toEqual([]);
    expect(result).toEqual({ sent: 0, failed: 0, skipped: 1 });
    expect(await outbox(f.messaging)).toMatchObject([{ recipient_id: '2', status: 'skipped', last_error: 'blocked' }]);
  });

  it('in a group, only the messages of a sender the recipient blocked are left out', async () => {
    const { f, threadId } = await groupOfThree();
    await f.messaging.conversations.sendMessage({ senderId: '3', threadId, body: 'Count me in' });
    await f.messaging.blocks.block('2', '1');
    await deliverAfterDelay(f);
    const toBob = f.sent.find((n) => n.recipientId === '2');
    expect(toBob?.threads[0]).toMatchObject({ unreadCount: 1, senders: [{ id: '3', displayName: 'Carol' }] });
  });

  it('a sender who was suspended before the notification went out', async () => {
    const { f } = await groupOfThree();
    await f.messaging.suspensions.suspend('1', { reason: 'spam' });
    const { told, result } = await deliverAfterDelay(f);
    expect(told).toEqual([]);
    expect(result.skipped).toBe(2);
  });

  it('a member who left the group', async () => {
    const { f, threadId } = await groupOfThree();
    await f.messaging.inboxControls.leave('3', threadId);
    expect((await deliverAfterDelay(f)).told).toEqual(['2']);
  });

  it("a member whose mode is off, and the host's default 'off'", async () => {
    const { f } = await groupOfThree();
    await f.messaging.notifications.setMode('3', 'off');
    expect((await deliverAfterDelay(f)).told).toEqual(['2']);

    const g = await notifyFixture({ defaultMode: 'off' });
    open.push(g);
    await g.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Hi' });
    await g.messaging.notifications.setMode('2', 'conversation');
    expect((await deliverAfterDelay(g)).told).toEqual(['2']);
  });

  it('a member who turned mail off after the row was queued', async () => {
    const { f } = await groupOfThree();
    f.behaviour.next = () => {
      throw new Error('mailer down');
    };
    await deliverAfterDelay(f);
    await f.messaging.notifications.setMode('2', 'off');
    f.behaviour.next = () => {};
    f.advance(MINUTE);
    await f.messaging.notifications.deliverDue();
    expect(f.sent.map((n) => n.recipientId)).toEqual(['3']);
  });

  it('nothing while messaging is switched off: due work is skipped, not kept for later', async () => {
    const { f } = await groupOfThree();
    await f.messaging.toggle.setEnabled(false, null);
    const { told, result } = await deliverAfterDelay(f);
    expect(told).toEqual([]);
    expect(result).toEqual({ sent: 0, failed: 0, skipped: 2 });
    await f.messaging.toggle.setEnabled(true, null);
    f.advance(60 * MINUTE);
    await f.messaging.notifications.deliverDue();
    expect(f.sent).toEqual([]);
    expect((await outbox(f.messaging)).map((r) => r.last_error)).toEqual(['disabled', 'disabled']);
  });
});
