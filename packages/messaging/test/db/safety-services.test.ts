import { describe, expect, it, vi } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { codeOf, setUp } from './services-fixture.js';

/** Member-safety rules at the service level (block, archive, mute, leave, who may message me, suspension). */

const start = (m: Awaited<ReturnType<typeof setUp>>['messaging'], from: string, to: string[], body = 'Hello') =>
  m.conversations.startConversation({ senderId: from, recipientIds: to, body });

describe(`blocking on ${TEST_DIALECT}`, () => {
  it('refuses the blocked member a new thread and a reply in the direct thread, keeps the history, and unblock undoes it', async () => {
    const { messaging, counts } = await setUp();
    const { thread } = await start(messaging, '3', ['2'], 'Hi Bob');
    await messaging.blocks.block('2', '3');
    const before = await counts();

    expect(await codeOf(messaging.conversations.sendMessage({ senderId: '3', threadId: thread.id, body: 'Why?' }))).toBe('blocked');
    expect(await codeOf(start(messaging, '3', ['2'], 'Please'))).toBe('blocked');
    expect(await counts()).toEqual(before);
    // Nothing was deleted: both still see the thread and its message.
    expect((await messaging.conversations.getThread('2', thread.id)).messages.map((m) => m.body)).toEqual(['Hi Bob']);
    expect((await messaging.conversations.getThread('3', thread.id)).messages.map((m) => m.body)).toEqual(['Hi Bob']);
    // The blocker may still write (the block is one-way).
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Stop.' });

    await messaging.blocks.unblock('2', '3');
    await messaging.conversations.sendMessage({ senderId: '3', threadId: thread.id, body: 'Sorry' });
    expect((await messaging.conversations.getThread('2', thread.id)).messages.map((m) => m.body)).toEqual(['Hi Bob', 'Stop.', 'Sorry']);
  });

  it('lets a group thread go on when one member blocks another, while new direct threads between them are refused', async () => {
    const { messaging } = await setUp();
    const group = await start(messaging, '1', ['2', '3'], 'Group hello');
    await messaging.blocks.block('2', '3');

    const inGroup = await messaging.conversations.sendMessage({ senderId: '3', threadId: group.thread.id, body: 'Still here' });
    expect((await messaging.conversations.getThread('2', group.thread.id)).messages.map((m) => m.id)).toContain(inGroup.id);
    expect(await codeOf(start(messaging, '3', ['2'], 'Direct?'))).toBe('blocked');
    // A new group that includes the blocker is a new conversation with them: refused too.
    expect(await codeOf(start(messaging, '3', ['2', '4'], 'New group'))).toBe('blocked');
  });
});

describe(`archive, mute and leave on ${TEST_DIALECT}`, () => {
  it('takes an archived thread out of the inbox into the Archived view until a new message arrives', async () => {
    const { messaging } = await setUp();
    const { thread } = await start(messaging, '1', ['2']);
    await messaging.inboxControls.archive('2', thread.id);
    expect((await messaging.conversations.listThreads('2')).items).toEqual([]);
    expect((await messaging.conversations.listThreads('2', { archived: true })).items.map((t) => t.id)).toEqual([thread.id]);
    // Only the member who archived it: Alice still has it in her inbox.
    expect((await messaging.conversations.listThreads('1')).items.map((t) => t.id)).toEqual([thread.id]);

    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Are you there?' });
    expect((await messaging.conversations.listThreads('2')).items.map((t) => t.id)).toEqual([thread.id]);

    await messaging.inboxControls.archive('2', thread.id);
    await messaging.inboxControls.unarchive('2', thread.id);
    expect((await messaging.conversations.listThreads('2')).items.map((t) => t.id)).toEqual([thread.id]);
  });

  it("keeps a muted thread's messages out of the badge and out of unread alerts, and counts them again when unmuted", async () => {
    const { messaging } = await setUp();
    const { thread } = await start(messaging, '1', ['2'], 'one');
    expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(1);
    const alerts: Array<{ userId: string; unreadTotal: number }> = [];
    messaging.on('unread.changed', (e) => alerts.push(e));

    await messaging.inboxControls.mute('2', thread.id);
    expect(alerts).toEqual([{ userId: '2', unreadTotal: 0 }]);
    alerts.length = 0;
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'two' });
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'three' });
    expect(await messaging.conversations.getUnread('2')).toEqual({ unreadTotal: 0, unreadThreads: 0 });
    expect(alerts.filter((a) => a.userId === '2')).toEqual([]);
    // The thread still collects them.
    const page = await messaging.conversations.getThread('2', thread.id);
    expect(page.messages.map((m) => m.body)).toEqual(['one', 'two', 'three']);

    await messaging.inboxControls.unmute('2', thread.id);
    expect(await messaging.conversations.getUnread('2')).toEqual({ unreadTotal: 3, unreadThreads: 1 });
    expect(alerts).toEqual([{ userId: '2', unreadTotal: 3 }]);
  });

  it('removes a member who leaves a group: 404 for them, the others go on, new messages do not count for them', async () => {
    const { messaging } = await setUp();
    const { thread } = await start(messaging, '1', ['2', '3'], 'Group');
    await messaging.inboxControls.leave('3', thread.id);

    expect(await codeOf(messaging.conversations.getThread('3', thread.id))).toBe('not_found');
    expect(await codeOf(messaging.conversations.sendMessage({ senderId: '3', threadId: thread.id, body: 'back?' }))).toBe('not_found');
    expect(await codeOf(messaging.inboxControls.leave('3', thread.id))).toBe('not_found');
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'After' });
    expect(await messaging.conversations.getUnread('3')).toEqual({ unreadTotal: 0, unreadThreads: 0 });
    expect((await messaging.conversations.listThreads('3')).items).toEqual([]);
    const seen = await messaging.conversations.getThread('2', thread.id);
    expect(seen.thread.participants.map((p) => p.id)).toEqual(['1', '2']);
  });

  it('refuses to leave a direct thread (archive it instead) and 404s a thread the member is not in', async () => {
    const { messaging } = await setUp();
    const { thread } = await start(messaging, '1', ['2']);
    expect(await codeOf(messaging.inboxControls.leave('2', thread.id))).toBe('invalid_request');
    expect((await messaging.conversations.getThread('2', thread.id)).messages).toHaveLength(1);
    for (const action of ['archive', 'unarchive', 'mute', 'unmute', 'leave'] as const) {
      expect(await codeOf(messaging.inboxControls[action]('3', thread.id)), action).toBe('not_found');
    }
  });
});

describe(`who may message me on ${TEST_DIALECT}`, () => {
  it('"nobody" refuses new conversations but lets existing threads go on', async () => {
    const { messaging, counts } = await setUp();
    const { thread } = await start(messaging, '1', ['2']);
    await messaging.preferences.set('2', { whoCanMessage: 'nobody' });
    const before = await counts();
    expect(await codeOf(start(messaging, '3', ['2']))).toBe('recipient_unavailable');
    expect(await codeOf(start(messaging, '3', ['2', '4']))).toBe('recipient_unavailable');
    expect(await counts()).toEqual(before);
    // Alice already has a thread with Bob: a reply, or "Message" again, goes on in it.
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'reply' });
    expect((await start(messaging, '1', ['2'], 'again')).created).toBe(false);
    expect(await messaging.preferences.get('2')).toEqual({ whoCanMessage: 'nobody' });
  });

  it('"contacts" accepts only members who already share a thread', async () => {
    const { messaging } = await setUp();
    await start(messaging, '1', ['2', '3'], 'group with Carol');
    await messaging.preferences.set('3', { whoCanMessage: 'contacts' });
    expect((await start(messaging, '2', ['3'], 'Hi Carol')).created).toBe(true);
    expect(await codeOf(start(messaging, '4', ['3'], 'Hi stranger'))).toBe('recipient_unavailable');
  });

  it('refuses a value it does not know and answers "everyone" until a member chooses', async () => {
    const { messaging } = await setUp();
    expect(await messaging.preferences.get('4')).toEqual({ whoCanMessage: 'everyone' });
    expect(await codeOf(messaging.preferences.set('4', { whoCanMessage: 'friends' as never }))).toBe('invalid_request');
    expect(await messaging.preferences.get('4')).toEqual({ whoCanMessage: 'everyone' });
  });

  it("lets the host's canStartConversation veto a new conversation, and does not ask it when a direct thread is reused", async () => {
    const canStartConversation = vi.fn(async (senderId: string) => senderId !== '4');
    const { messaging, counts } = await setUp({ canStartConversation });
    const { thread } = await start(messaging, '1', ['2']);
    expect(canStartConversation).toHaveBeenCalledWith('1', ['2']);
    const before = await counts();
    expect(await codeOf(start(messaging, '4', ['2']))).toBe('recipient_unavailable');
    expect(await counts()).toEqual(before);
    canStartConversation.mockClear();
    expect((await start(messaging, '2', ['1'])).thread.id).toBe(thread.id);
    expect(canStartConversation).not.toHaveBeenCalled();
  });
});

describe(`suspensions on ${TEST_DIALECT}`, () => {
  it('stops a suspended member from sending and starting; lifting it lets them again', async () => {
    const { messaging, counts } = await setUp();
    const { thread } = await start(messaging, '3', ['2']);
    await messaging.suspensions.suspend('3', { by: '5', reason: 'spam' });
    const before = await counts();
    expect(await codeOf(messaging.conversations.sendMessage({ senderId: '3', threadId: thread.id, body: 'x' }))).toBe('suspended');
    expect(await codeOf(start(messaging, '3', ['4']))).toBe('suspended');
    expect(await counts()).toEqual(before);
    // They can still read what they have.
    expect((await messaging.conversations.getThread('3', thread.id)).messages).toHaveLength(1);
    expect(await messaging.suspensions.list()).toMatchObject([{ userId: '3', createdBy: '5', reason: 'spam' }]);
    await messaging.suspensions.unsuspend('3');
    await messaging.conversations.sendMessage({ senderId: '3', threadId: thread.id, body: 'ok' });
  });
});
