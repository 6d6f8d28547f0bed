import { describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUp } from './services-fixture.js';

/**
 * A group's system lines (a rename, members added) on the thread pages, walked 2 messages at a
 * time by `before`: each line shows on the page of the message it follows, once, and a member
 * added later sees only what followed their joining. SQLite reads the page in plain statements,
 * Postgres in one: both must place the lines alike.
 */
describe(`system lines on thread pages on ${TEST_DIALECT}`, () => {
  it('puts each line on the page of the message it follows, once, walking by before', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const started = await c.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'A' });
    const threadId = started.thread.id;
    await c.sendMessage({ senderId: '2', threadId, body: 'B' });
    await c.sendMessage({ senderId: '3', threadId, body: 'C' });
    // Follows C, the last message of the second page: not on the first page, whose oldest is D.
    await messaging.membership.renameThread({ actorId: '1', threadId, subject: 'Plans' });
    await c.sendMessage({ senderId: '1', threadId, body: 'D' });
    await messaging.membership.addMembers({ actorId: '1', threadId, userIds: ['4'] });
    await c.sendMessage({ senderId: '2', threadId, body: 'E' });

    const pages: Array<{ bodies: string[]; lines: string[] }> = [];
    let before: string | undefined;
    do {
      const page = await c.getThread('2', threadId, { limit: 2, ...(before ? { before } : {}) });
      pages.push({ bodies: page.messages.map((m) => m.body), lines: page.events.map((e) => e.kind) });
      before = page.nextCursor ?? undefined;
    } while (before);
    expect(pages).toEqual([
      { bodies: ['D', 'E'], lines: ['members_added'] },
      { bodies: ['B', 'C'], lines: ['renamed'] },
      { bodies: ['A'], lines: [] },
    ]);

    // Dave, added after D, sees E and the line that added him; nothing older, no older page.
    const late = await c.getThread('4', threadId, { limit: 2 });
    expect(late.messages.map((m) => m.body)).toEqual(['E']);
    expect(late.events.map((e) => e.kind)).toEqual(['members_added']);
    expect(late.nextCursor).toBeNull();
    expect(late.thread.participants.map((p) => p.id)).toEqual(['1', '2', '3', '4']);
    expect(late.thread.lastMessage).toMatchObject({ senderId: '2', preview: 'E' });
  });

  it('a direct thread has no system lines and pages its messages alike', async () => {
    const { messaging } = await setUp();
    const c = messaging.conversations;
    const started = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'one' });
    for (const body of ['two', 'three']) await c.sendMessage({ senderId: '2', threadId: started.thread.id, body });
    const first = await c.getThread('1', started.thread.id, { limit: 2 });
    expect(first.messages.map((m) => m.body)).toEqual(['two', 'three']);
    expect(first.events).toEqual([]);
    const older = await c.getThread('1', started.thread.id, { limit: 2, before: first.nextCursor! });
    expect(older.messages.map((m) => m.body)).toEqual(['one']);
    expect(older.nextCursor).toBeNull();
    expect(older.thread.lastMessage).toMatchObject({ preview: 'three' });
  });
});
