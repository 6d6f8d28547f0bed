import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportMemberData } from '../../src/services/operations/member-export.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUpOps } from './cli-ops-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bob (2) is in two threads; Alice and Carol have one Bob is not in. */
async function seed() {
  const f = await setUpOps();
  const c = f.messaging.conversations;
  const withAlice = (await c.startConversation({ senderId: '1', recipientIds: ['2'], subject: 'Lunch', body: 'lunch?' })).thread.id;
  await f.send('2', withAlice, 2, 'bob says');
  const group = (await c.startConversation({ senderId: '3', recipientIds: ['1', '2'], body: 'group hello' })).thread.id;
  const notBobs = (await c.startConversation({ senderId: '1', recipientIds: ['3'], body: 'just us' })).thread.id;
  await f.messaging.blocks.block('2', '4');
  return { f, withAlice, group, notBobs };
}

describe(`messaging export and stats on ${TEST_DIALECT}`, () => {
  it("export --user holds exactly the member's threads, with participants, subjects and messages", async () => {
    const { f, withAlice, group, notBobs } = await seed();
    const { code, stdout, stderr } = await runCliCaptured(['export', '--user', '2', ...f.flags]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(data).toMatchObject({ format: 'org-messaging-member-export/1', userId: '2', blockedUserIds: ['4'] });
    const ids = data.threads.map((t: { id: string }) => t.id);
    expect(ids.sort()).toEqual([withAlice, group].sort());
    expect(ids).not.toContain(notBobs);
    const lunch = data.threads.find((t: { id: string }) => t.id === withAlice);
    expect(lunch).toMatchObject({ kind: 'direct', subject: 'Lunch', leftAt: null });
    expect(lunch.participantIds.sort()).toEqual(['1', '2']);
    expect(lunch.messages.map((m: { senderId: string; body: string }) => [m.senderId, m.body])).toEqual([
      ['1', 'lunch?'],
      ['2', 'bob says 0'],
      ['2', 'bob says 1'],
    ]);
    expect(lunch.messages[0]).toEqual({ id: expect.stringMatching(/^\d+$/), senderId: '1', body: 'lunch?', createdAt: expect.any(String), editedAt: null, deletedAt: null });
    expect(stdout).not.toContain('just us');
  });

  it('export pages through threads and messages (small pages give the same document) and writes --out files', async () => {
    const { f } = await seed();
    const chunks: string[] = [];
    for await (const chunk of exportMemberData(f.messaging.database.db, '1', { threadPageSize: 1, messagePageSize: 1, now: 'T' })) chunks.push(chunk);
    const big: string[] = [];
    for await (const chunk of exportMemberData(f.messaging.database.db, '1', { now: 'T' })) big.push(chunk);
    expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(big.join('')));
    expect(JSON.parse(big.join('')).threads).toHaveLength(3);

    const out = join(dir, TEST_DIALECT, 'nested', 'alice.json');
    const first = await runCliCaptured(['export', '--user', '1', '--out', out, ...f.flags]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Exported 3 thread(s) of member 1');
    expect(JSON.parse(readFileSync(out, 'utf8')).threads).toHaveLength(3);
    const again = await runCliCaptured(['export', '--user', '1', '--out', out, ...f.flags]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists. Add --force');

    const nobody = await runCliCaptured(['export', '--user', '99', ...f.flags]);
    expect(nobody.code).toBe(0);
    expect(JSON.parse(nobody.stdout).threads).toEqual([]);
    expect(nobody.stderr).toContain('member 99 has no threads');
  });

  it('stats counts messages, new threads and active senders per day, and the database size', async () => {
    const { f } = await seed();
    f.setDaysAgo(3);
    await f.messaging.conversations.startConversation({ senderId: '4', recipientIds: ['1'], body: 'three days ago' });
    f.setDaysAgo(0);
    const { code, stdout } = await runCliCaptured(['stats', '--days', '7', '--json', ...f.flags]);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout);
    expect(stats.perDay).toHaveLength(7);
    expect(stats.totals).toEqual({ messages: 6, threadsCreated: 4, activeSenders: 4 });
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.perDay.at(-1)).toMatchObject({ date: today, messages: 5, threadsCreated: 3, activeSenders: 3 });
    expect(stats.databaseBytes).toBeGreaterThan(0);

    const text = await runCliCaptured(['stats', '--days', '7', ...f.flags]);
    expect(text.stdout).toMatch(/Messages:\s+6/);
    expect(text.stdout).toMatch(/Active members:\s+4/);
    expect(text.stdout).toContain(today);
    const bad = await runCliCaptured(['stats', '--days', 'many', ...f.flags]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--days must be a whole number');
  });
});
