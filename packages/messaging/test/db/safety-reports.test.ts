import { describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { codeOf, setUp } from './services-fixture.js';

/** Reports of messages and the moderators' decisions, at the service level. */

async function conversation() {
  const f = await setUp();
  const { messaging } = f;
  const first = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['3'], body: 'Hi Carol' });
  const threadId = first.thread.id;
  const send = (senderId: string, body: string) => messaging.conversations.sendMessage({ senderId, threadId, body });
  const m2 = await send('3', 'Hello Alice');
  const bad = await send('3', 'Buy cheap watches <b>now</b>');
  const m4 = await send('3', 'And more');
  return { ...f, threadId, ids: { first: first.message.id, m2: m2.id, bad: bad.id, m4: m4.id } };
}

describe(`reports on ${TEST_DIALECT}`, () => {
  it('lets a participant report a message once, emits report.created with ids only, and lists it for review with its context', async () => {
    const { messaging, threadId, ids } = await conversation();
    const events: unknown[] = [];
    messaging.on('report.created', (e) => events.push(e));

    const first = await messaging.reports.report('1', ids.bad, { reason: 'spam', note: '  selling things  ' });
    expect(first.created).toBe(true);
    expect(first.report).toMatchObject({ messageId: ids.bad, threadId, reason: 'spam', status: 'open' });
    const again = await messaging.reports.report('1', ids.bad, { reason: 'other' });
    expect(again).toMatchObject({ created: false, report: { id: first.report.id, reason: 'spam' } });
    expect(events).toEqual([{ reportId: first.report.id, messageId: ids.bad, threadId, reporterId: '1', senderId: '3' }]);

    const page = await messaging.reports.listOpen();
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    const item = page.items[0]!;
    expect(item).toMatchObject({ id: first.report.id, reason: 'spam', note: 'selling things', reporter: { displayName: 'Alice' }, sender: { displayName: 'Carol' } });
    expect(item.message.body).toBe('Buy cheap watches <b>now</b>');
    expect(item.context.map((m) => m.id)).toEqual([ids.first, ids.m2, ids.bad, ids.m4]);
  });

  it('answers 404 for a message in a thread the reporter is not in, exactly as for one that does not exist, and stores nothing', async () => {
    const { messaging, ids } = await conversation();
    expect(await codeOf(messaging.reports.report('2', ids.bad, { reason: 'spam' }))).toBe('not_found');
    expect(await codeOf(messaging.reports.report('2', '999999', { reason: 'spam' }))).toBe('not_found');
    expect(await codeOf(messaging.reports.report('2', 'abc', { reason: 'spam' }))).toBe('not_found');
    expect((await messaging.reports.listOpen()).items).toEqual([]);
  });

  it('refuses a bad reason, a note over 1000 characters or with control characters, and a report of your own message', async () => {
    const { messaging, ids } = await conversation();
    expect(await codeOf(messaging.reports.report('1', ids.bad, { reason: 'boring' }))).toBe('invalid_request');
    expect(await codeOf(messaging.reports.report('1', ids.bad, { reason: 'other', note: 'x'.repeat(1001) }))).toBe('invalid_request');
    expect(await codeOf(messaging.reports.report('1', ids.bad, { reason: 'other', note: 'a\u0000b' }))).toBe('invalid_request');
    expect(await codeOf(messaging.reports.report('1', ids.first, { reason: 'spam' }))).toBe('invalid_request');
    expect((await messaging.reports.listOpen()).items).toEqual([]);
  });

  it('dismisses a report: it leaves the review list and the message stays', async () => {
    const { messaging, threadId, ids } = await conversation();
    const { report } = await messaging.reports.report('1', ids.bad, { reason: 'spam' });
    expect((await messaging.reports.resolve(report.id, '5', 'dismiss')).status).toBe('dismissed');
    expect((await messaging.reports.listOpen()).items).toEqual([]);
    expect((await messaging.conversations.getThread('3', threadId)).messages.map((m) => m.id)).toContain(ids.bad);
    expect(await codeOf(messaging.reports.resolve('424242', '5', 'dismiss'))).toBe('not_found');
  });

  it('removes a message: the thread shows it as removed by a moderator, its text is gone from every read, and the unread count drops', async () => {
    const { messaging, threadId, ids } = await conversation();
    await messaging.conversations.markRead('1', threadId, ids.m2);
    expect((await messaging.conversations.getUnread('1')).unreadTotal).toBe(2);
    const { report } = await messaging.reports.report('1', ids.bad, { reason: 'harassment' });
    expect((await messaging.reports.resolve(report.id, '5', 'delete_message')).status).toBe('message_deleted');

    const page = await messaging.conversations.getThread('3', threadId);
    const removed = page.messages.find((m) => m.id === ids.bad)!;
    expect(removed).toMatchObject({ removed: 'moderator', body: '' });
    expect(JSON.stringify(page)).not.toContain('cheap watches');
    expect((await messaging.conversations.getUnread('1')).unreadTotal).toBe(1);
    const row = await messaging.database.db.selectFrom('messaging_messages').select(['deleted_by', 'deleted_reason']).where('id', '=', ids.bad).executeTakeFirstOrThrow();
    expect(row).toEqual({ deleted_by: '5', deleted_reason: 'moderator' });
    // A removed message cannot be reported again.
    expect(await codeOf(messaging.reports.report('1', ids.bad, { reason: 'spam' }))).toBe('not_found');
  });

  it('suspends the sender: they can no longer send or start, and their open reports close', async () => {
    const { messaging, threadId, ids } = await conversation();
    const a = await messaging.reports.report('1', ids.bad, { reason: 'spam' });
    await messaging.reports.report('1', ids.m4, { reason: 'spam' });
    expect((await messaging.reports.resolve(a.report.id, '5', 'suspend_sender')).status).toBe('sender_suspended');
    expect((await messaging.reports.listOpen()).items).toEqual([]);
    expect(await messaging.suspensions.isSuspended('3')).toBe(true);
    expect(await codeOf(messaging.conversations.sendMessage({ senderId: '3', threadId, body: 'hi' }))).toBe('suspended');
    expect(await codeOf(messaging.conversations.startConversation({ senderId: '3', recipientIds: ['4'], body: 'hi' }))).toBe('suspended');
  });
});
