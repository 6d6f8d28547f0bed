import { describe, expect, it } from 'vitest';
import { ERASED_MESSAGE_BODY, forgetUser } from '../../src/services/operations/forget-user.js';
import { directKeyOf } from '../../src/services/conversations/direct-pair.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { counterMismatches, setUpOps } from './cli-ops-fixture.js';

/** Bob (2) writes with Alice (1) and in a group with Carol (3); Alice has not read Bob's last two; Bob blocked Dave. */
async function seed() {
  const f = await setUpOps();
  const c = f.messaging.conversations;
  const direct = (await c.startConversation({ senderId: '1', recipientIds: ['2'], subject: 'Lunch', body: 'lunch?' })).thread.id;
  await f.send('2', direct, 2, 'bob says');
  const group = (await c.startConversation({ senderId: '2', recipientIds: ['1', '3'], body: 'bob starts a group' })).thread.id;
  await f.send('3', group, 1, 'carol says');
  await c.markRead('3', group);
  await f.messaging.blocks.block('2', '4');
  return { f, direct, group };
}

async function rowsFor(f: Awaited<ReturnType<typeof setUpOps>>, userId: string) {
  const db = f.messaging.database.db;
  const [messages, participants, threads, blocks, keys] = await Promise.all([
    db.selectFrom('messaging_messages').select('id').where('sender_id', '=', userId).execute(),
    db.selectFrom('messaging_participants').select('thread_id').where('user_id', '=', userId).execute(),
    db
      .selectFrom('messaging_threads')
      .select('id')
      .where((eb) => eb.or([eb('created_by', '=', userId), eb('direct_key', '=', directKeyOf(userId, '1'))]))
      .execute(),
    db
      .selectFrom('messaging_blocks')
      .select('blocker_id')
      .where((eb) => eb.or([eb('blocker_id', '=', userId), eb('blocked_id', '=', userId)]))
      .execute(),
    db.selectFrom('messaging_idempotency_keys').select('key').where('user_id', '=', userId).execute(),
  ]);
  return messages.length + participants.length + threads.length + blocks.length + keys.length;
}

describe(`forget-user on ${TEST_DIALECT}`, () => {
  it('without --yes only says what it would change', async () => {
    const { f } = await seed();
    const { code, stdout, stderr } = await runCliCaptured(['forget-user', '2', ...f.flags]);
    expect(code).toBe(1);
    expect(stdout).toContain('Member 2 in');
    expect(stdout).toContain('3 message(s) in 2 thread(s), 1 block(s) made or received');
    expect(stdout).not.toContain('No message or thread has this id');
    expect(stderr).toContain('nothing was changed: add --yes');
    expect(await rowsFor(f, '2')).toBeGreaterThan(0);
  });

  it('without --yes, an id with no messages or threads is pointed out (a wrong id is the likely cause)', async () => {
    const { f } = await seed();
    const { code, stdout, stderr } = await runCliCaptured(['forget-user', 'bob@example.com', ...f.flags]);
    expect(code).toBe(1);
    expect(stdout).toContain('0 message(s) in 0 thread(s)');
    expect(stdout).toContain('No message or thread has this id: check it is the id your app uses for the member.');
    expect(stderr).toContain('nothing was changed');
  });

  it('anonymise (the default) keeps the text under "Deleted user", leaves no trace of the id and keeps counters right', async () => {
    const { f, direct, group } = await seed();
    const { code, stdout } = await runCliCaptured(['forget-user', '2', '--yes', ...f.flags]);
    expect(code).toBe(0);
    expect(stdout).toContain('Forgot member 2');
    expect(stdout).toMatch(/messages anonymised: 3/);
    expect(stdout).toMatch(/blocks deleted:\s+1/);
    expect(await rowsFor(f, '2')).toBe(0);
    expect(await counterMismatches(f.messaging)).toEqual([]);

    const page = await f.messaging.conversations.getThread('1', direct);
    expect(page.messages.map((m) => m.body)).toEqual(['lunch?', 'bob says 0', 'bob says 1']);
    const tombstone = page.messages[1]!.senderId;
    expect(tombstone).toMatch(/^deleted:/);
    expect(page.thread.participants.map((p) => p.displayName)).toEqual(['Alice']);
    expect(page.thread.subject).toBe('Lunch');
    // Alice still has Bob's two messages unread; Carol's group reads as before.
    expect(await f.messaging.conversations.getUnread('1')).toEqual({ unreadTotal: 2 + 2, unreadThreads: 2 });
    const groupPage = await f.messaging.conversations.getThread('3', group);
    expect(groupPage.messages.map((m) => [m.senderId === tombstone ? 'deleted' : m.senderId, m.body])).toEqual([
      ['deleted', 'bob starts a group'],
      ['3', 'carol says 0'],
    ]);
    // Alice can write again to a new Bob with the same id: the old pair key no longer names him.
    const again = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi again' });
    expect(again.created).toBe(true);
    expect(await counterMismatches(f.messaging)).toEqual([]);
  });

  it('erase removes the text of their messages and recounts the unread messages they had sent', async () => {
    const { f, direct, group } = await seed();
    const { code, stdout } = await runCliCaptured(['forget-user', '2', '--mode', 'erase', '--yes', ...f.flags]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/messages erased: 3/);
    expect(await rowsFor(f, '2')).toBe(0);
    expect(await counterMismatches(f.messaging)).toEqual([]);
    const bodies = await f.messaging.database.db.selectFrom('messaging_messages').select(['body', 'deleted_at']).where('sender_id', 'like', 'deleted:%').execute();
    expect(bodies).toHaveLength(3);
    expect(bodies.every((m) => m.body === ERASED_MESSAGE_BODY && m.deleted_at !== null)).toBe(true);

    const page = await f.messaging.conversations.getThread('1', direct);
    expect(page.messages.map((m) => m.body)).toEqual(['lunch?']);
    expect(page.thread.lastMessage?.preview).toBe('lunch?');
    expect(await f.messaging.conversations.getUnread('1')).toEqual({ unreadTotal: 1, unreadThreads: 1 });
    expect((await f.messaging.conversations.getThread('3', group)).messages.map((m) => m.body)).toEqual(['carol says 0']);
  });

  it('as a service: a second call finds nothing; bad modes and ids are refused', async () => {
    const { f } = await seed();
    const first = await f.messaging.forgetUser('2', { mode: 'anonymise' });
    expect(first).toMatchObject({ userId: '2', mode: 'anonymise', messages: 3, threads: 2, blocks: 1 });
    expect(first.otherMemberIds.sort()).toEqual(['1', '3']);
    const second = await forgetUser(f.messaging.database.db, 2);
    expect(second).toMatchObject({ messages: 0, threads: 0, blocks: 0, idempotencyKeys: 0 });
    await expect(forgetUser(f.messaging.database.db, '1', { mode: 'shred' as never })).rejects.toThrow(/mode must be/);
    await expect(forgetUser(f.messaging.database.db, first.tombstoneId)).rejects.toThrow(/not a member id/);
    const cli = await runCliCaptured(['forget-user', '1', '--mode', 'shred', '--yes', ...f.flags]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('--mode must be "erase" or "anonymise"');
  });
});
