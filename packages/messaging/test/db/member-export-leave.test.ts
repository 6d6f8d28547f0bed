import { describe, expect, it } from 'vitest';
import { exportMemberData } from '../../src/services/operations/member-export.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUp } from './services-fixture.js';

async function exported(db: Parameters<typeof exportMemberData>[0], userId: string) {
  let text = '';
  for await (const chunk of exportMemberData(db, userId, { messagePageSize: 1 })) text += chunk;
  return JSON.parse(text) as { threads: Array<{ id: string; leftAt: string | null; messages: Array<{ body: string | null }> }> };
}

describe(`member export after leaving a group on ${TEST_DIALECT}`, () => {
  // A frozen clock: every write shares one millisecond, so only a message mark can tell before from after.
  const frozen = () => new Date('2026-03-01T10:00:00.000Z');

  it('holds the messages up to the leave and none that others wrote afterwards', async () => {
    const { messaging } = await setUp({ clock: frozen });
    const { conversations, inboxControls } = messaging;
    const group = await conversations.startConversation({ senderId: '1', recipientIds: ['2', '3'], subject: 'Trip', body: 'first' });
    await conversations.sendMessage({ senderId: '3', threadId: group.thread.id, body: 'bye all' });
    await inboxControls.leave('3', group.thread.id);
    await conversations.sendMessage({ senderId: '1', threadId: group.thread.id, body: 'said after Carol left' });
    await conversations.sendMessage({ senderId: '2', threadId: group.thread.id, body: 'also after' });

    const carol = await exported(messaging.database.db, '3');
    expect(carol.threads).toHaveLength(1);
    expect(carol.threads[0]!.leftAt).not.toBeNull();
    expect(carol.threads[0]!.messages.map((m) => m.body)).toEqual(['first', 'bye all']);
    // Those still in the group get everything.
    const bob = await exported(messaging.database.db, '2');
    expect(bob.threads[0]!.messages.map((m) => m.body)).toEqual(['first', 'bye all', 'said after Carol left', 'also after']);
  });
});
