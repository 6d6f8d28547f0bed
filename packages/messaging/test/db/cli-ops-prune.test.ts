import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { counterMismatches, setUpOps } from './cli-ops-fixture.js';

async function count(f: Awaited<ReturnType<typeof setUpOps>>, table: 'messaging_threads' | 'messaging_participants' | 'messaging_messages') {
  const row = await f.messaging.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Three threads: one mixed old/new, one all old (unread by Carol), one where Bob has old unread messages. */
async function seed() {
  const f = await setUpOps();
  const c = f.messaging.conversations;
  f.setDaysAgo(120);
  const mixed = (await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'old start' })).thread.id;
  await f.send('2', mixed, 3);
  const allOld = (await c.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'old group' })).thread.id;
  await f.send('2', allOld, 2);
  const unreadOld = (await c.startConversation({ senderId: '4', recipientIds: ['2'], body: 'old, never read' })).thread.id;
  await f.send('4', unreadOld, 2);
  f.setDaysAgo(5);
  await c.markRead('1', mixed);
  await f.send('2', mixed, 2, 'recent');
  await f.send('4', unreadOld, 1, 'recent');
  f.setDaysAgo(0);
  return { f, mixed, allOld, unreadOld };
}

describe(`messaging prune on ${TEST_DIALECT}`, () => {
  it('--dry-run says what would go and changes nothing', async () => {
    const { f } = await seed();
    expect(await counterMismatches(f.messaging)).toEqual([]);
    const before = { messages: await count(f, 'messaging_messages'), threads: await count(f, 'messaging_threads') };
    const { code, stdout, stderr } = await runCliCaptured(['prune', '--older-than', '90d', '--dry-run', ...f.flags]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Would delete 10 message(s) older than 90d');
    expect(stdout).toContain('Would delete 1 thread(s) left without messages, with their 3 participant row(s)');
    expect(stdout).toContain('Nothing was changed');
    expect({ messages: await count(f, 'messaging_messages'), threads: await count(f, 'messaging_threads') }).toEqual(before);
  });

  it('deletes old messages in batches, removes emptied threads and keeps every counter equal to a recount', async () => {
    const { f, mixed, allOld, unreadOld } = await seed();
    expect((await f.messaging.conversations.getUnread('2')).unreadTotal).toBe(3 + 1);
    const { code, stdout } = await runCliCaptured(['prune', '--older-than', '90d', '--batch-size', '3', ...f.flags]);
    expect(code).toBe(0);
    expect(stdout).toContain('Deleted 10 message(s) older than 90d');
    expect(stdout).toContain('Deleted 1 thread(s) left without messages, with their 3 participant row(s)');
    expect(stdout).toMatch(/Done in 4 batch\(es\)/);

    expect(await count(f, 'messaging_messages')).toBe(3);
    const threads = (await f.messaging.database.db.selectFrom('messaging_threads').select('id').execute()).map((t) => t.id);
    expect(threads.sort()).toEqual([mixed, unreadOld].sort());
    expect(threads).not.toContain(allOld);
    expect(await counterMismatches(f.messaging)).toEqual([]);
    // Bob's old unread messages went with the prune: only the recent one is left unread.
    expect(await f.messaging.conversations.getUnread('2')).toEqual({ unreadTotal: 1, unreadThreads: 1 });
    expect(await f.messaging.conversations.getUnread('1')).toEqual({ unreadTotal: 2, unreadThreads: 1 });
    expect(await f.messaging.conversations.getUnread('3')).toEqual({ unreadTotal: 0, unreadThreads: 0 });
    const page = await f.messaging.conversations.getThread('1', mixed);
    expect(page.messages.map((m) => m.body)).toEqual(['recent 0', 'recent 1']);
    expect(page.thread.lastMessage?.preview).toBe('recent 1');

    // The app keeps working on what is left, and a second run finds nothing.
    await f.messaging.conversations.sendMessage({ senderId: '1', threadId: mixed, body: 'after prune' });
    expect(await counterMismatches(f.messaging)).toEqual([]);
    const again = await runCliCaptured(['prune', '--older-than', '90d', ...f.flags]);
    expect(again.stdout).toContain('Deleted 0 message(s)');
  });

  it('refuses a duration it cannot read and a database that is not there', async () => {
    const f = await setUpOps();
    const bad = await runCliCaptured(['prune', '--older-than', '3 months', ...f.flags]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--older-than "3 months" is not a duration');
    const missing = await runCliCaptured(['prune', '--older-than', '1y', '--db', '/nonexistent-dir/messages.db']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no messaging database at /nonexistent-dir/messages.db');
    const noFlag = await runCliCaptured(['prune', ...f.flags]);
    expect(noFlag.code).toBe(1);
    expect(noFlag.stderr).toContain("required option '--older-than <duration>'");
  });
});
