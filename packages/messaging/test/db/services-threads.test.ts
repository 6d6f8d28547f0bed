import { describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { codeOf, setUp, unreadDrift } from './services-fixture.js';

describe(`starting conversations on ${TEST_DIALECT}`, () => {
  it('reuses the direct thread of a pair, whoever writes first, and numbers become strings', async () => {
    const { messaging } = await setUp();
    const first = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hi Bob' });
    const second = await messaging.conversations.startConversation({ senderId: '2', recipientIds: [1 as unknown as string], body: 'Hi Alice' });
    const third = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '2', '1'], body: 'Again' });

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(third.created).toBe(false);
    expect(second.thread.id).toBe(first.thread.id);
    expect(third.thread.id).toBe(first.thread.id);
    expect(first.thread.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.thread.participants.map((p) => p.displayName).sort()).toEqual(['Alice', 'Bob']);
    expect(third.thread.lastMessage).toMatchObject({ id: third.message.id, senderId: '1', preview: 'Again' });
    expect(Number(third.message.id)).toBeGreaterThan(Number(second.message.id));
    const page = await messaging.conversations.getThread('2', first.thread.id);
    expect(page.messages.map((m) => m.body)).toEqual(['Hi Bob', 'Hi Alice', 'Again']);
    // Bob answered after the first one, so only "Again" is unread for him.
    expect(page.thread.unreadCount).toBe(1);
  });

  it('makes ONE thread holding all 50 messages when the pair writes 50 first messages at once', async () => {
    const { messaging } = await setUp();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: `from 1 #${i}` })
          : messaging.conversations.startConversation({ senderId: '2', recipientIds: ['1'], body: `from 2 #${i}` }),
      ),
    );
    const threadIds = new Set(results.map((r) => r.thread.id));
    expect(threadIds.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const db = messaging.database.db;
    expect(await db.selectFrom('messaging_threads').select('id').execute()).toHaveLength(1);
    const messages = await db.selectFrom('messaging_messages').select(['id', 'sender_id']).orderBy('id').execute();
    expect(messages).toHaveLength(50);
    expect(await unreadDrift(messaging)).toEqual([]);
    // Each side has read up to its own last message: what the other wrote after it is unread.
    const [threadId] = [...threadIds];
    for (const viewer of ['1', '2']) {
      const lastOwn = messages.map((m) => m.sender_id).lastIndexOf(viewer);
      const expected = messages.slice(lastOwn + 1).filter((m) => m.sender_id !== viewer).length;
      expect((await messaging.conversations.getThread(viewer, threadId!)).thread.unreadCount).toBe(expected);
    }
  });

  it('makes a new group thread each time for two or more others, with its subject', async () => {
    const { messaging } = await setUp();
    const a = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], subject: '  Trip  ', body: 'Plans?' });
    const b = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['3', '2'], body: 'Other plans' });
    expect(a.created && b.created).toBe(true);
    expect(a.thread.id).not.toBe(b.thread.id);
    expect(a.thread.subject).toBe('Trip');
    expect(b.thread.subject).toBeNull();
    expect(a.thread.participants.map((p) => p.id).sort()).toEqual(['1', '2', '3']);
    expect((await messaging.conversations.getUnread('3')).unreadTotal).toBe(2);
    expect((await messaging.conversations.getUnread('1')).unreadTotal).toBe(0);
  });

  it.each([
    ['no recipient', [], 'invalid_recipient'],
    ['only yourself', ['1', 1], 'invalid_recipient'],
    ['an id the host does not know', ['2', '999'], 'invalid_recipient'],
    ['more people than a group may hold', ['2', '3', '4', '5', '6'], 'invalid_request'],
  ])('refuses %s and stores nothing', async (_label, recipientIds, code) => {
    const { messaging, counts } = await setUp({ limits: { maxGroupParticipants: 3 } });
    await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['3'], body: 'existing' });
    const before = await counts();
    expect(await codeOf(messaging.conversations.startConversation({ senderId: '1', recipientIds: recipientIds as string[], body: 'Hello' }))).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['empty', '', 'invalid_request'],
    ['whitespace only', ' \n\t \r\n ', 'invalid_request'],
    ['a NUL', 'a\u0000b', 'invalid_request'],
    ['an escape character', 'a\u001b[31mb', 'invalid_request'],
    ['a C1 control', 'a\u0085b', 'invalid_request'],
    ['one character over the limit', 'x'.repeat(51), 'payload_too_large'],
  ])('refuses a body that is %s, both to start and to reply, and stores nothing', async (_label, body, code) => {
    const { messaging, counts } = await setUp({ limits: { maxMessageLength: 50 } });
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'x'.repeat(50) });
    const before = await counts();
    expect(await codeOf(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['3'], body }))).toBe(code);
    expect(await codeOf(messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body }))).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('keeps tabs and newlines, turns \\r\\n into \\n, and refuses a subject over the limit', async () => {
    const { messaging, counts } = await setUp({ limits: { maxSubjectLength: 5 } });
    const { message } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'a\tb\r\nc\n\nd' });
    expect(message.body).toBe('a\tb\nc\n\nd');
    const before = await counts();
    expect(await codeOf(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], subject: 'abcdef', body: 'hi' }))).toBe('invalid_request');
    expect(await counts()).toEqual(before);
  });

  it('refuses to start or continue a direct thread with someone who blocked the sender, storing nothing', async () => {
    const { messaging, counts } = await setUp();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hello' });
    await messaging.blocks.block('2', '1');
    await messaging.blocks.block('2', 1);
    expect(await messaging.blocks.listBlocked('2')).toEqual(['1']);
    expect(await messaging.blocks.hasBlocked('2', '1')).toBe(true);
    expect(await messaging.blocks.hasBlocked('1', '2')).toBe(false);
    const before = await counts();
    expect(await codeOf(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Hello?' }))).toBe('blocked');
    expect(await codeOf(messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Hello?' }))).toBe('blocked');
    expect(await codeOf(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Group?' }))).toBe('blocked');
    expect(await counts()).toEqual(before);
    // The blocker may still write; lifting the block lets the other write again.
    await messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'Stop' });
    await messaging.blocks.unblock('2', '1');
    await messaging.blocks.unblock('2', '1');
    expect(await messaging.blocks.listBlocked('2')).toEqual([]);
    await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'Sorry' });
    expect(await codeOf(messaging.blocks.block('3', '3'))).toBe('invalid_request');
  });

  it('shows a member the host no longer knows as "Deleted user"', async () => {
    const { messaging, known } = await setUp();
    const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'Hi all' });
    known.delete('3');
    const page = await messaging.conversations.getThread('1', thread.id);
    expect(page.thread.participants.find((p) => p.id === '3')).toEqual({ id: '3', displayName: 'Deleted user', profileUrl: null, avatarUrl: null });
    expect(page.thread.participants.find((p) => p.id === '2')?.displayName).toBe('Bob');
    // ...and refuses them as a new recipient.
    expect(await codeOf(messaging.conversations.startConversation({ senderId: '1', recipientIds: ['3'], body: 'Hi' }))).toBe('invalid_recipient');
  });

  it('emits thread.created and message.sent with ids only, and a throwing listener fails nothing', async () => {
    const { messaging } = await setUp();
    const seen: Array<[string, unknown]> = [];
    messaging.on('thread.created', (p) => seen.push(['thread.created', p]));
    messaging.on('message.sent', (p) => seen.push(['message.sent', p]));
    messaging.on('message.sent', () => {
      throw new Error('listener bug');
    });
    const { thread, message } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'secret text' });
    expect(seen).toEqual([
      ['thread.created', { threadId: thread.id, createdBy: '1', participantIds: ['1', '2'], kind: 'direct' }],
      ['message.sent', { threadId: thread.id, messageId: message.id, senderId: '1', recipientIds: ['2'] }],
    ]);
    expect(JSON.stringify(seen)).not.toContain('secret');
  });
});
