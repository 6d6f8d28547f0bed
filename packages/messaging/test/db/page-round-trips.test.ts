import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Messaging } from '../../src/create-messaging.js';
import { countedMessaging } from '../helpers/counted-postgres.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/**
 * The inbox and thread pages on Postgres: how many statements they wait for, counted at the
 * driver (every `client.query` on a pooled client is one round trip; statements run in
 * parallel count one each too). Counted: every statement sent from the call (or request)
 * start until it resolves (or the response is sent), except `pg_notify` (the live bus, sent
 * after the answer). Not DB round trips, and not counted: the host's `getUsers` (one batched call).
 */
const postgresOnly = TEST_DIALECT === 'postgres' ? describe : describe.skip;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

interface Counted {
  messaging: Messaging;
  take(): string[];
}

async function counted(): Promise<Counted> {
  const c = await countedMessaging({ currentUserId: (req: any) => req.headers?.['x-test-user'] ?? null, rateLimits: false });
  await c.messaging.toggle.setEnabled(true, null);
  cleanups.push(c.close);
  return { messaging: c.messaging, take: () => c.take().statements };
}

/** A group thread with a system line (a member added), a muted direct thread, and unread messages for member 2. */
async function seed(messaging: Messaging): Promise<{ groupId: string; directId: string }> {
  const c = messaging.conversations;
  const group = await c.startConversation({ senderId: '1', recipientIds: ['2', '3'], subject: 'Plans', body: 'Hi all' });
  await c.sendMessage({ senderId: '3', threadId: group.thread.id, body: 'Hello' });
  await messaging.membership.addMembers({ actorId: '1', threadId: group.thread.id, userIds: ['4'] });
  await c.sendMessage({ senderId: '1', threadId: group.thread.id, body: 'Welcome' });
  const direct = await c.startConversation({ senderId: '2', recipientIds: ['3'], body: 'Psst' });
  await c.sendMessage({ senderId: '3', threadId: direct.thread.id, body: 'Yes?' });
  await messaging.inboxControls.mute('2', direct.thread.id);
  return { groupId: group.thread.id, directId: direct.thread.id };
}

const shown = (statements: string[]) => statements.join('\n---\n');

postgresOnly('page round trips on Postgres', () => {
  it('listThreads (the inbox) is one statement, with participants, last messages, unread and muted', async () => {
    const { messaging, take } = await counted();
    const { groupId, directId } = await seed(messaging);
    take();
    const page = await messaging.conversations.listThreads('2', {});
    const statements = take();
    expect(statements.length, shown(statements)).toBe(1);
    expect(page.items.map((t) => t.id)).toEqual([directId, groupId]);
    expect(page.items[0]).toMatchObject({ muted: true, unreadCount: 1, lastMessage: { preview: 'Yes?' } });
    expect(page.items[1]!.participants.map((p) => p.id)).toEqual(['1', '2', '3', '4']);
    expect(page.items[1]).toMatchObject({ unreadCount: 3, muted: false, kind: 'group', lastMessage: { senderId: '1', preview: 'Welcome' } });
  });

  it('getThread is one statement, with its messages, participants and system lines', async () => {
    const { messaging, take } = await counted();
    const { groupId } = await seed(messaging);
    take();
    const data = await messaging.conversations.getThread('2', groupId, {});
    const statements = take();
    expect(statements.length, shown(statements)).toBe(1);
    expect(data.messages.map((m) => m.body)).toEqual(['Hi all', 'Hello', 'Welcome']);
    expect(data.events).toMatchObject([{ kind: 'members_added', userIds: ['4'] }]);
    expect(data.thread.participants.map((p) => p.id)).toEqual(['1', '2', '3', '4']);
    // Added later, member 4 sees only what followed, and the line that added them.
    const late = await messaging.conversations.getThread('4', groupId, {});
    expect(take().length).toBe(1);
    expect(late.messages.map((m) => m.body)).toEqual(['Welcome']);
    expect(late.events).toHaveLength(1);
    await expect(messaging.conversations.getThread('5', groupId, {})).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the inbox page and the thread page each wait for one statement (the thread page already read)', async () => {
    const { messaging, take } = await counted();
    const { groupId } = await seed(messaging);
    const app = express();
    app.use('/messages', messaging.router);
    const as2 = (path: string) => request(app).get(`/messages${path}`).set('x-test-user', '2');
    // Warm what is remembered per process (the switch, the badge), then read the thread once so it is read.
    await as2('/');
    await as2(`/threads/${groupId}`);
    take();

    const inbox = await as2('/');
    const inboxStatements = take();
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain('Plans');
    expect(inboxStatements.length, shown(inboxStatements)).toBe(1);

    const thread = await as2(`/threads/${groupId}`);
    const threadStatements = take();
    expect(thread.status).toBe(200);
    expect(thread.text).toContain('Welcome');
    expect(threadStatements.length, shown(threadStatements)).toBe(1);
  });

  it('a thread page with unread messages waits for two statements: the page, then the read mark with the new total', async () => {
    const { messaging, take } = await counted();
    const { groupId } = await seed(messaging);
    const app = express();
    app.use('/messages', messaging.router);
    const as2 = (path: string) => request(app).get(`/messages${path}`).set('x-test-user', '2');
    // Warm what is remembered per process, with a thread page of nothing older than its first message (nothing to mark).
    const first = (await messaging.conversations.getThread('2', groupId, {})).messages[0]!;
    await as2('/');
    await as2(`/threads/${groupId}?before=${first.id}`);
    // The live stream's event-id key, read once per process by the first newest page of a thread (another member's).
    await request(app).get(`/messages/threads/${groupId}`).set('x-test-user', '3');
    expect((await messaging.conversations.getUnread('2')).unreadTotal).toBe(3);
    take();

    const thread = await as2(`/threads/${groupId}`);
    const statements = take();
    expect(thread.status).toBe(200);
    expect(thread.text).toContain('Welcome');
    expect(statements.length, shown(statements)).toBe(2);
    // Read up to 'Welcome'; the muted direct thread's unread message stays out of the total.
    expect(await messaging.conversations.getUnread('2')).toEqual({ unreadTotal: 0, unreadThreads: 0 });
    expect((await messaging.conversations.listThreads('2', {})).items.map((t) => t.unreadCount)).toEqual([1, 0]);
  });

  it('markRead is one statement: the mark, the recount and the total', async () => {
    const { messaging, take } = await counted();
    const { groupId } = await seed(messaging);
    const first = (await messaging.conversations.getThread('2', groupId, {})).messages[0]!;
    take();
    expect(await messaging.conversations.markRead('2', groupId, first.id)).toEqual({ unreadCount: 2, unreadTotal: 2 });
    expect(take().length).toBe(1);
    expect(await messaging.conversations.markRead('2', groupId)).toEqual({ unreadCount: 0, unreadTotal: 0 });
    expect(take().length).toBe(1);
    // Refused in the same statement, storing nothing.
    await expect(messaging.conversations.markRead('5', groupId)).rejects.toMatchObject({ code: 'not_found' });
    expect(take().length).toBe(1);
  });

  it("a direct thread page shows the viewer's mute, archive and block state from the same statement", async () => {
    const { messaging, take } = await counted();
    const { directId } = await seed(messaging);
    await messaging.blocks.block('2', '3');
    await messaging.inboxControls.archive('2', directId);
    const app = express();
    app.use('/messages', messaging.router);
    const as2 = (path: string) => request(app).get(`/messages${path}`).set('x-test-user', '2');
    await as2(`/threads/${directId}`);
    take();
    const page = await as2(`/threads/${directId}`);
    const statements = take();
    expect(page.status).toBe(200);
    expect(page.text).toContain('Unmute');
    expect(page.text).toContain('Unblock');
    expect(page.text).toContain('Move back to inbox');
    expect(statements.length, shown(statements)).toBe(1);
  });
});
