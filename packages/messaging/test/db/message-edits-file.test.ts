import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { setUpOps } from './cli-ops-fixture.js';

/**
 * A message its sender deleted, or the text an edit replaced, is gone from the SQLite file
 * itself, not only from query results (as secure-delete.test.ts checks for forget-user and
 * prune): the raw bytes of the database file and its -wal hold none of it.
 */
describe.runIf(TEST_DIALECT === 'sqlite')("a member's deleted or replaced text is gone from the SQLite file", () => {
  const run = randomBytes(4).toString('hex');
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ';

  it('after a delete: neither the database file nor the WAL holds the text; the other messages are there', async () => {
    const f = await setUpOps();
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hi' });
    const marker = (label: string, i: number) => `MARK-${run}-${label}-${i}-END`;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      // Every fifth long enough for overflow pages.
      const body = `${filler.repeat(i % 5 === 0 ? 90 : 1)}${marker('m', i)} ${filler}`;
      ids.push((await f.messaging.conversations.sendMessage({ senderId: i % 2 ? '1' : '2', threadId: thread.id, body })).id);
    }
    const file = f.flags[1]!;
    const readable = (markers: string[]) => {
      const bytes = [file, `${file}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p));
      return markers.filter((m) => bytes.some((b) => b.includes(m)));
    };
    const deleted = [0, 5, 10, 15].map((i) => marker('m', i));
    const edited = [2, 4].map((i) => marker('m', i));
    expect(readable([...deleted, ...edited])).toEqual([...deleted, ...edited]);

    const senderOf = (i: number) => (i % 2 ? '1' : '2');
    for (const i of [0, 5, 10, 15]) await f.messaging.messageEdits.delete(senderOf(i), ids[i]!);
    for (const i of [2, 4]) await f.messaging.messageEdits.edit('2', ids[i]!, 'replaced');
    expect(readable(deleted), 'deleted text still in the bytes').toEqual([]);
    const kept = [1, 3, 6, 7].map((i) => marker('m', i));
    expect(readable(kept)).toEqual(kept);
    // An edit's old text leaves the file too; the WAL may keep it until SQLite's next checkpoint (docs/http.md).
    await f.messaging.messageEdits.delete('1', ids[1]!);
    expect(readable(edited), 'replaced text still in the bytes after the next checkpoint').toEqual([]);
  });
});
