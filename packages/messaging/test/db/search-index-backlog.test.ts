import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext, createMessaging } from '../../src/create-messaging.js';
import { SEARCH_TABLE } from '../../src/db/migrations/0008-search-index.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, MIGRATIONS } from '../../src/db/migrations/index.js';
import { validateOptions } from '../../src/options.js';
import { pruneMessages } from '../../src/services/operations/retention.js';
import { createSearchIndexBacklog, SEARCH_INDEX_BATCH } from '../../src/services/search/search-index-backlog.js';
import { createTestDatabase, TEST_DIALECT } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';
import { setUp } from './services-fixture.js';
import { runMigrator } from '../helpers/run-migrator.js';

/** Every word the index holds, with the number of messages it holds it for (FTS5's own vocabulary). */
async function indexedWords(db: Kysely<any>): Promise<Map<string, number>> {
  await sql`create virtual table if not exists temp.backlog_vocab using fts5vocab(main, ${sql.id(SEARCH_TABLE)}, 'row')`.execute(db);
  const { rows } = await sql<{ term: string; doc: number }>`select term, doc from temp.backlog_vocab`.execute(db);
  return new Map(rows.map((r) => [r.term, Number(r.doc)]));
}

/** What the index must hold once caught up: each word of each standing message, counted once per message. */
async function expectedWords(db: Kysely<any>): Promise<Map<string, number>> {
  const { rows } = await sql<{ body: string }>`select body from messaging_messages where deleted_at is null`.execute(db);
  const counts = new Map<string, number>();
  for (const { body } of rows) for (const word of new Set(body.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b));

/** Messages written straight into the table, as another process's send would leave them for the index. */
async function insertRaw(db: Kysely<any>, threadId: string, bodies: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const body of bodies) {
    const { rows } = await sql<{ id: number }>`insert into messaging_messages (thread_id, sender_id, body, created_at)
      values (${threadId}, '1', ${body}, ${new Date().toISOString()}) returning id`.execute(db);
    ids.push(String(rows[0]!.id));
  }
  return ids;
}

describe.skipIf(TEST_DIALECT !== 'sqlite')('the SQLite search index, written in batches after the sends', () => {
  it('finds a message at once, and has it in the index within about a second of the send', async () => {
    const f = await setUp();
    const db = f.messaging.database.db as Kysely<any>;
    const { thread, message } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'ferry to skyehaven' });
    // Found from the newest messages, which a search reads before the index.
    expect((await f.messaging.conversations.searchMessages('2', 'skyehaven')).items.map((r) => r.message.id)).toEqual([message.id]);
    const reply = await f.messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'skyehaven at noon' });
    await expect.poll(async () => (await indexedWords(db)).get('skyehaven') ?? 0, { timeout: 5_000 }).toBe(2);
    expect(sorted(await indexedWords(db))).toEqual(sorted(await expectedWords(db)));
    expect(reply.id).toBeDefined();
  });

  it('indexes what waits before a search asks the index for messages older than the newest it reads itself', async () => {
    const f = await setUp();
    const db = f.messaging.database.db as Kysely<any>;
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hello' });
    // Nothing tells this process about these (another process wrote them): only the search can index them.
    const [old] = await insertRaw(db, thread.id, ['the old word wintermoth']);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 10_050; i += 1_000) {
        const values = Array.from({ length: Math.min(1_000, 10_050 - i) }, (_, k) => sql`(${thread.id}, '2', ${`filler ${i + k}`}, ${new Date().toISOString()})`);
        await sql`insert into messaging_messages (thread_id, sender_id, body, created_at) values ${sql.join(values)}`.execute(trx);
      }
    });
    expect((await indexedWords(db)).get('wintermoth')).toBeUndefined();
    const page = await f.messaging.conversations.searchMessages('2', 'wintermoth');
    expect(page.items.map((r) => r.message.id)).toEqual([old]);
    // Everything that waited went in, in batches of SEARCH_INDEX_BATCH, each message once.
    expect((await indexedWords(db)).get('filler')).toBe(10_050);
    expect(10_050).toBeGreaterThan(SEARCH_INDEX_BATCH * 5);
  });

  it('keeps the index exact when messages are edited, deleted, removed or pruned before and after they are indexed', async () => {
    const f = await setUp();
    const db = f.messaging.database.db as Kysely<any>;
    const backlog = createSearchIndexBacklog(f.ctx);
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hello' });
    const change = async (ids: string[]) => {
      const [edited, softDeleted, hardDeleted, pruned] = ids as [string, string, string, string];
      await db.updateTable('messaging_messages').set({ body: 'edited into lanternfish', edited_at: new Date().toISOString() }).where('id', '=', edited).execute();
      await db.updateTable('messaging_messages').set({ body: '', deleted_at: new Date().toISOString(), deleted_reason: 'sender' }).where('id', '=', softDeleted).execute();
      await db.deleteFrom('messaging_messages').where('id', '=', hardDeleted).execute();
      await db.updateTable('messaging_messages').set({ created_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', pruned).execute();
    };
    // Changed while waiting: the index never sees the old words.
    await change(await insertRaw(db, thread.id, ['waiting quillfeather', 'waiting hushmarrow', 'waiting gravelsong', 'waiting dunepetal']));
    await backlog.catchUp();
    // Changed once indexed: the triggers take the old words out.
    const indexed = await insertRaw(db, thread.id, ['indexed quillfeather', 'indexed hushmarrow', 'indexed gravelsong', 'indexed dunepetal']);
    await backlog.catchUp();
    await change(indexed);
    expect((await pruneMessages(db, { before: new Date('2001-01-01'), pauseMs: 0 })).messages).toBe(2);
    const words = await indexedWords(db);
    for (const gone of ['quillfeather', 'hushmarrow', 'gravelsong', 'dunepetal']) expect(words.get(gone), gone).toBeUndefined();
    expect(words.get('lanternfish')).toBe(2);
    expect(sorted(words)).toEqual(sorted(await expectedWords(db)));
    await backlog.close();
  });

  it('takes over an index that version 11 wrote: what it indexed stays exact, and what comes after is indexed in batches', async () => {
    const database = createTestDatabase();
    const users = { getUsers: async (ids: string[]) => TEST_USERS.filter((u) => ids.includes(String(u.id))) };
    const messaging = createMessaging({ database: database.option, users, currentUserId: () => null, rateLimits: false });
    try {
      const db = messaging.database.db as Kysely<any>;
      const names = Object.keys(MIGRATIONS);
      const older = Object.fromEntries(Object.entries(MIGRATIONS).slice(0, names.indexOf('0012_search_index_backlog')));
      const migrator = new Migrator({ db, provider: { getMigrations: async () => older }, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE });
      const { error } = await runMigrator(() => migrator.migrateToLatest());
      if (error) throw error;
      // Written by the older schema, whose trigger indexed each message in its send.
      const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'before the upgrade: saltmarsh' });
      const [before] = await insertRaw(db, thread.id, ['also before: tidewater']);
      expect((await indexedWords(db)).get('tidewater')).toBe(1);

      expect((await messaging.migrate()).applied[0]).toBe('0012_search_index_backlog');
      await db.updateTable('messaging_messages').set({ body: 'edited after: brackish' }).where('id', '=', before!).execute();
      await insertRaw(db, thread.id, ['after the upgrade: estuary']);
      expect((await indexedWords(db)).get('estuary')).toBeUndefined();
      const ctx = createContext(validateOptions({ database: { kysely: db, dialect: 'sqlite' }, users, currentUserId: () => null }));
      await createSearchIndexBacklog(ctx).catchUp();
      const words = await indexedWords(db);
      expect(words.get('tidewater')).toBeUndefined();
      expect([words.get('saltmarsh'), words.get('brackish'), words.get('estuary')]).toEqual([1, 1, 1]);
      expect(sorted(words)).toEqual(sorted(await expectedWords(db)));
    } finally {
      await messaging.close();
      await database.cleanup();
    }
  });

  it('goes back to version 11 with every waiting message indexed and the send indexing again', async () => {
    const f = await setUp();
    const db = f.messaging.database.db as Kysely<any>;
    const { thread } = await f.messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'waiting heronbeak' });
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
    });
    const { error } = await runMigrator(() => migrator.migrateTo('0011_attachments'));
    if (error) throw error;
    await f.messaging.conversations.sendMessage({ senderId: '2', threadId: thread.id, body: 'after kestrelwing' });
    const words = await indexedWords(db);
    expect([words.get('heronbeak'), words.get('kestrelwing')]).toEqual([1, 1]);
    expect(sorted(words)).toEqual(sorted(await expectedWords(db)));
  });

  describe('two processes on one file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'messaging-backlog-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('index each message once while both send and index at the same time', async () => {
      const file = join(dir, 'shared.db');
      const users = { getUsers: async (ids: string[]) => TEST_USERS.filter((u) => ids.includes(String(u.id))) };
      const messaging = createMessaging({ database: { sqlite: file }, users, currentUserId: () => null, rateLimits: false });
      await messaging.migrate();
      const { thread } = await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'start' });
      // The other process: the built package, sending (each send schedules its own indexing) for ~2 s.
      const script = `
        const { createMessaging } = require(${JSON.stringify(fileURLToPath(new URL('../../dist/index.cjs', import.meta.url)))});
        const users = { getUsers: async (ids) => ids.map((id) => ({ id, displayName: 'User ' + id })) };
        const m = createMessaging({ database: { sqlite: process.argv[1] }, users, currentUserId: () => null, rateLimits: false });
        (async () => {
          const until = Date.now() + 2000;
          for (let i = 0; Date.now() < until; i++) {
            await m.conversations.sendMessage({ senderId: '2', threadId: process.argv[2], body: 'child message ' + i + ' mossgrove' });
            await new Promise((r) => setTimeout(r, 2));
          }
          await new Promise((r) => setTimeout(r, 1500));
          await m.close();
        })().catch((err) => { console.error(err); process.exit(1); });`;
      const child = spawn(process.execPath, ['-e', script, file, thread.id], { stdio: ['ignore', 'inherit', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      let done = false;
      void exited.then(() => {
        done = true;
      });
      while (!done) {
        await messaging.conversations.sendMessage({ senderId: '1', threadId: thread.id, body: 'parent message mossgrove' });
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(await exited).toBe(0);
      await messaging.close();

      const again = createMessaging({ database: { sqlite: file }, users, currentUserId: () => null, rateLimits: false });
      const ctx = createContext(validateOptions({ database: { kysely: again.database.db, dialect: 'sqlite' }, users, currentUserId: () => null }));
      await createSearchIndexBacklog(ctx).catchUp();
      const db = again.database.db as Kysely<any>;
      const words = await indexedWords(db);
      expect(words.get('child')).toBeGreaterThan(10);
      expect(words.get('parent')).toBeGreaterThan(10);
      expect(sorted(words)).toEqual(sorted(await expectedWords(db)));
      await again.close();
    }, 30_000);
  });
});
