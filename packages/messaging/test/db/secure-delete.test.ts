import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { type OpsFixture, setUpOps } from './cli-ops-fixture.js';

/**
 * Text that `forget-user --mode erase` and `prune` remove is gone from the SQLite file itself,
 * not only from query results: the raw bytes of messages.db and its -wal hold none of it
 * (someone with a copy of the file, or an undelete tool, reads nothing back).
 */
describe.runIf(TEST_DIALECT === 'sqlite')('removed text is gone from the SQLite file', () => {
  const run = randomBytes(4).toString('hex');
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ';

  /** A message text around a unique marker; every fifth is long enough to need overflow pages. */
  const textWith = (marker: string, i: number) => (i % 5 === 0 ? `${filler.repeat(90)}${marker} ${filler.repeat(10)}` : `${filler}${marker} ${filler}`);

  /** Sends one message per marker from `senderId` and returns the markers. */
  async function write(f: OpsFixture, senderId: string, threadId: string, label: string, count: number): Promise<string[]> {
    const markers: string[] = [];
    for (let i = 0; i < count; i++) {
      const marker = `MARK-${run}-${label}-${i}-END`;
      await f.messaging.conversations.sendMessage({ senderId, threadId, body: textWith(marker, i) });
      markers.push(marker);
    }
    return markers;
  }

  /** The markers readable anywhere in the database file or its write-ahead log. */
  function readable(f: OpsFixture, markers: string[]): string[] {
    const file = f.flags[1]!;
    const bytes = [file, `${file}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p));
    return markers.filter((m) => bytes.some((b) => b.includes(m)));
  }

  it('forget-user --mode erase leaves none of the member’s text in the file or the WAL', async () => {
    const f = await setUpOps();
    const c = f.messaging.conversations;
    const direct = (await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' })).thread.id;
    const group = (await c.startConversation({ senderId: '3', recipientIds: ['1', '2'], body: 'hi all' })).thread.id;
    const erased: string[] = [];
    const kept: string[] = [];
    // Interleaved, as conversations are: Bob's cells share pages with the others' and move in page splits.
    for (let round = 0; round < 8; round++) {
      erased.push(...(await write(f, '2', round % 2 ? direct : group, `bob${round}`, 9)));
      kept.push(...(await write(f, round % 2 ? '1' : '3', round % 2 ? direct : group, `other${round}`, 4)));
    }
    expect(readable(f, erased)).toEqual(erased);

    const { code } = await runCliCaptured(['forget-user', '2', '--mode', 'erase', '--yes', ...f.flags]);
    expect(code).toBe(0);
    expect(readable(f, erased), 'erased markers still in the bytes').toEqual([]);
    // The others' messages are untouched (and the search does find text that is there).
    expect(readable(f, kept)).toEqual(kept);
    expect((await c.getThread('1', direct)).messages.map((m) => m.body).filter((b) => b.includes('bob'))).toEqual([]);
  });

  it('the service call (messaging.forgetUser) does the same from the app’s own connection', async () => {
    const f = await setUpOps();
    const c = f.messaging.conversations;
    const direct = (await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi Bob' })).thread.id;
    const erased = await write(f, '2', direct, 'bob', 30);
    const kept = await write(f, '1', direct, 'alice', 5);

    await f.messaging.forgetUser('2', { mode: 'erase' });
    expect(readable(f, erased), 'erased markers still in the bytes').toEqual([]);
    expect(readable(f, kept)).toEqual(kept);
  });

  it('prune leaves none of the deleted messages’ text in the file or the WAL', async () => {
    const f = await setUpOps();
    const c = f.messaging.conversations;
    f.setDaysAgo(400);
    const old = (await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'long ago' })).thread.id;
    const ongoing = (await c.startConversation({ senderId: '3', recipientIds: ['1'], body: 'long ago too' })).thread.id;
    const pruned: string[] = [];
    for (let round = 0; round < 6; round++) {
      pruned.push(...(await write(f, round % 2 ? '1' : '2', old, `old${round}`, 10)));
      pruned.push(...(await write(f, round % 2 ? '1' : '3', ongoing, `olderr${round}`, 5)));
    }
    f.setDaysAgo(0);
    const kept = await write(f, '3', ongoing, 'recent', 10);
    expect(readable(f, pruned)).toEqual(pruned);

    // Batches sized by time (the default): several of them, with a log checkpoint in each pause.
    const { code, stderr } = await runCliCaptured(['prune', '--older-than', '1y', ...f.flags]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readable(f, pruned), 'pruned markers still in the bytes').toEqual([]);
    expect(readable(f, kept)).toEqual(kept);
  });
});
