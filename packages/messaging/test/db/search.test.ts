import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SEARCH_TABLE } from '../../src/db/migrations/0008-search-index.js';
import { pruneMessages } from '../../src/services/operations/retention.js';
import { removeMessage } from '../../src/services/safety/message-removal.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { codeOf, setUp } from './services-fixture.js';

type Fixture = Awaited<ReturnType<typeof setUp>>;

/** Ids of the messages `viewer` finds for `q` (every page). */
async function found(f: Fixture, viewer: string, q: string, limit = 100): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await f.messaging.conversations.searchMessages(viewer, q, { limit, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((r) => r.message.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/**
 * Whether `word` is still in the search index itself, not only in the results: on SQLite the
 * FTS5 vocabulary and the raw bytes of its segments (secure-delete must have overwritten
 * them); on Postgres the GIN index over the stored search_vector read alone (no sequential scan allowed).
 */
async function inIndex(f: Fixture, word: string): Promise<boolean> {
  const db = f.messaging.database.db as Kysely<any>;
  if (TEST_DIALECT === 'sqlite') {
    await sql`create virtual table if not exists temp.search_vocab using fts5vocab(main, ${sql.id(SEARCH_TABLE)}, 'row')`.execute(db);
    const vocab = await sql<{ n: number }>`select count(*) as n from temp.search_vocab where term = ${word}`.execute(db);
    // The middle of the word: FTS5 stores a term's start shared with the term before it.
    const middle = word.slice(2, -1);
    const raw = await sql<{ n: number }>`select count(*) as n from ${sql.id(`${SEARCH_TABLE}_data`)} where instr(block, cast(${middle} as blob)) > 0`.execute(db);
    return Number(vocab.rows[0]!.n) > 0 || Number(raw.rows[0]!.n) > 0;
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_indexscan = off`.execute(trx);
    const { rows } = await sql<{
      n: string;
    }>`select count(*) as n from messaging_messages where search_vector @@ to_tsquery('simple', ${word})`.execute(trx);
    return Number(rows[0]!.n) > 0;
  });
}

async function threeThreads(f: Fixture) {
  const c = f.messaging.conversations;
  const ab = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Lunch at the harbour tomorrow?' });
  const ac = await c.startConversation({ senderId: '3', recipientIds: ['1'], body: 'The harbourmaster called about the boat' });
  const bd = await c.startConversation({ senderId: '2', recipientIds: ['4'], body: 'Secret harbour plans, do not tell alice' });
  return { ab: ab.thread.id, ac: ac.thread.id, bd: bd.thread.id, first: ab.message.id, second: ac.message.id, other: bd.message.id };
}

describe(`message search on ${TEST_DIALECT}`, () => {
  it("finds words by prefix in the member's own threads only, newest first, with the thread, sender, time and a marked excerpt", async () => {
    const f = await setUp();
    const t = await threeThreads(f);
    const page = await f.messaging.conversations.searchMessages('1', 'HARBOUR');
    expect(page.items.map((r) => r.message.id)).toEqual([t.second, t.first]);
    expect(page.nextCursor).toBeNull();
    const [newest] = page.items;
    expect(newest).toMatchObject({ threadId: t.ac, message: { id: t.second, threadId: t.ac, senderId: '3', body: 'The harbourmaster called about the boat' } });
    expect(typeof newest!.message.createdAt).toBe('string');
    expect(newest!.sender).toMatchObject({ id: '3', displayName: 'Carol' });
    expect(newest!.thread.participants.map((p) => p.displayName).sort()).toEqual(['Alice', 'Carol']);
    expect(newest!.excerpt).toEqual([
      { text: 'The ', match: false },
      { text: 'harbourmaster', match: true },
      { text: ' called about the boat', match: false },
    ]);
    // Bob sees the thread Alice is not in; Dave does not see Alice's.
    expect(await found(f, '2', 'harbour')).toEqual([t.other, t.first]);
    expect(await found(f, '4', 'harbour')).toEqual([t.other]);
    expect(await found(f, '5', 'harbour')).toEqual([]);
  });

  it('needs every word, and finds words in any language by prefix', async () => {
    const f = await setUp();
    const c = f.messaging.conversations;
    const { thread, message } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'Встреча в понедельник, Straße 5 — 会議は明日です' });
    const other = await c.sendMessage({ senderId: '2', threadId: thread.id, body: 'Встреча отменена' });
    expect(await found(f, '2', 'встреч')).toEqual([other.id, message.id]);
    expect(await found(f, '2', 'встреча понедельник')).toEqual([message.id]);
    expect(await found(f, '2', 'straße')).toEqual([message.id]);
    expect(await found(f, '2', '会議')).toEqual([message.id]);
    expect(await found(f, '2', 'встреча вторник')).toEqual([]);
  });

  it('never shows a thread the member left, a removed or deleted message, or a group from before the member joined', async () => {
    const f = await setUp();
    const t = await threeThreads(f);
    const c = f.messaging.conversations;
    const kept = await c.sendMessage({ senderId: '2', threadId: t.ab, body: 'harbour again' });
    await removeMessage(f.ctx, { messageId: kept.id, moderatorId: '5', now: new Date().toISOString() });
    expect(await found(f, '1', 'harbour')).toEqual([t.second, t.first]);
    const left = await c.startConversation({ senderId: '3', recipientIds: ['1', '4'], body: 'harbour crew only' });
    expect(await found(f, '1', 'harbour')).toEqual([left.message.id, t.second, t.first]);
    await f.messaging.inboxControls.leave('1', left.thread.id);
    expect(await found(f, '1', 'harbour')).toEqual([t.second, t.first]);
    // Alice left; Carol still finds it.
    expect(await found(f, '3', 'crew')).toEqual([left.message.id]);
    // A member added to a group later sees only what came after (joined_after_message_id).
    const group = await c.startConversation({ senderId: '1', recipientIds: ['2', '3'], body: 'harbour party before dave' });
    const after = await c.sendMessage({ senderId: '1', threadId: group.thread.id, body: 'harbour party after dave' });
    const db = f.messaging.database.db as Kysely<any>;
    await db
      .insertInto('messaging_participants')
      .values({
        thread_id: group.thread.id,
        user_id: '4',
        joined_at: new Date().toISOString(),
        last_read_message_id: null,
        unread_count: 0,
        last_activity_at: new Date().toISOString(),
        archived_at: null,
        muted_at: null,
        left_at: null,
        joined_after_message_id: group.message.id,
      })
      .execute();
    await db.updateTable('messaging_messages').set({ body: 'harbour party after dave!' }).where('id', '=', after.id).execute();
    expect(await found(f, '4', 'party')).toEqual([after.id]);
  });

  it('forgets text at once when a message is edited, deleted, removed, pruned or erased, in the results and in the index', async () => {
    const f = await setUp();
    const c = f.messaging.conversations;
    const db = f.messaging.database.db as Kysely<any>;
    const { thread } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'hello there' });
    const send = (senderId: string, body: string) => c.sendMessage({ senderId, threadId: thread.id, body });
    const edited = await send('1', 'meet at quarkaxolotl station');
    const deleted = await send('1', 'the password is zebrawombat');
    const removed = await send('2', 'buy cheap plumbusgizmo now');
    const erased = await send('2', 'my address is fjordnarwhal lane');
    const pruned = await send('1', 'old news about glorpmango');
    for (const word of ['quarkaxolotl', 'zebrawombat', 'plumbusgizmo', 'fjordnarwhal', 'glorpmango']) {
      expect(await found(f, '1', word), word).toHaveLength(1);
      // SQLite adds new messages to the index within about a second of their send (migration 0012).
      await expect.poll(() => inIndex(f, word), { timeout: 5_000 }).toBe(true);
    }

    await db.updateTable('messaging_messages').set({ body: 'meet at the library', edited_at: new Date().toISOString() }).where('id', '=', edited.id).execute();
    await db.updateTable('messaging_messages').set({ body: '', deleted_at: new Date().toISOString(), deleted_reason: 'sender' }).where('id', '=', deleted.id).execute();
    await removeMessage(f.ctx, { messageId: removed.id, moderatorId: '5', now: new Date().toISOString() });
    await f.messaging.forgetUser('2', { mode: 'erase' });
    await db.updateTable('messaging_messages').set({ created_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', pruned.id).execute();
    expect((await pruneMessages(db, { before: new Date('2001-01-01'), pauseMs: 0 })).messages).toBe(1);

    for (const word of ['quarkaxolotl', 'zebrawombat', 'plumbusgizmo', 'fjordnarwhal', 'glorpmango']) {
      expect(await found(f, '1', word), word).toEqual([]);
      expect(await inIndex(f, word), word).toBe(false);
    }
    // The edited text is found by its new words.
    expect(await found(f, '1', 'library')).toEqual([edited.id]);
    expect(erased.id).toBeDefined();
  });

  it('reads hostile search text as plain words, never as query syntax', async () => {
    const f = await setUp();
    const c = f.messaging.conversations;
    const { message } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'near or not, body: "quoted" and back\\slash * star' });
    await c.startConversation({ senderId: '1', recipientIds: ['3'], body: 'nothing to see' });
    const hostile = [
      '"',
      '""',
      '"unbalanced',
      'NEAR(near or)',
      'OR',
      'near OR nothing',
      'body:quoted',
      'body : quoted',
      '*',
      'star*',
      '\\',
      'back\\slash',
      "'",
      "quoted' | !",
      '(',
      'a & b',
      '-not',
      '^near',
      'near + or',
      '{body}: or',
      'nothing:*',
    ];
    for (const q of hostile) {
      const outcome = await f.messaging.conversations.searchMessages('1', q).then(
        (page) => page.items.map((r) => r.message.id),
        (err) => err.code,
      );
      expect(['invalid_request', expect.any(Array)], q).toContainEqual(outcome);
    }
    expect(await found(f, '1', 'near OR nothing')).toEqual([]);
    expect(await found(f, '1', 'NEAR or')).toEqual([message.id]);
    expect(await found(f, '1', 'body:quoted')).toEqual([message.id]);
    expect(await found(f, '1', 'back\\slash')).toEqual([message.id]);
    expect(await codeOf(f.messaging.conversations.searchMessages('1', 'near\u0000'))).toBe('invalid_request');
    expect(await codeOf(f.messaging.conversations.searchMessages('1', '   '))).toBe('invalid_request');
    expect(await codeOf(f.messaging.conversations.searchMessages('1', '"*"'))).toBe('invalid_request');
    expect(await codeOf(f.messaging.conversations.searchMessages('1', 'x'.repeat(201)))).toBe('invalid_request');
    expect(await codeOf(f.messaging.conversations.searchMessages('1', 'near', { cursor: "1' or 1=1" }))).toBe('invalid_request');
  });

  it('pages by keyset, newest first, without skipping or repeating when new matches arrive', async () => {
    const f = await setUp();
    const c = f.messaging.conversations;
    const { thread, message } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'update 0' });
    const ids = [message.id];
    for (let i = 1; i < 7; i++) ids.push((await c.sendMessage({ senderId: i % 2 ? '2' : '1', threadId: thread.id, body: `update ${i}` })).id);
    const first = await c.searchMessages('1', 'update', { limit: 3 });
    expect(first.items.map((r) => r.message.id)).toEqual(ids.slice(4).reverse());
    await c.sendMessage({ senderId: '2', threadId: thread.id, body: 'update newer' });
    const second = await c.searchMessages('1', 'update', { limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.message.id)).toEqual(ids.slice(1, 4).reverse());
    const third = await c.searchMessages('1', 'update', { limit: 3, cursor: second.nextCursor! });
    expect(third.items.map((r) => r.message.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();
  });

  it('finds old matches behind many newer messages, and pages across them (the newest messages are checked one by one, the older ones found through the index)', async () => {
    const f = await setUp();
    const c = f.messaging.conversations;
    const db = f.messaging.database.db as Kysely<any>;
    const { thread, message: oldest } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'the oldest needle: Встреча, Straße, 会議は明日, नमस्ते, ΣΊΣΥΦΟΣ' });
    const old = await c.sendMessage({ senderId: '2', threadId: thread.id, body: 'an old needle' });
    const rows = Array.from({ length: 18_500 }, (_, i) => ({
      thread_id: thread.id,
      sender_id: '2',
      body: `filler ${i}`,
      created_at: new Date().toISOString(),
      edited_at: null,
      deleted_at: null,
    }));
    for (let i = 0; i < rows.length; i += 1000)
      await db
        .insertInto('messaging_messages')
        .values(rows.slice(i, i + 1000))
        .execute();
    const recent = await c.sendMessage({ senderId: '1', threadId: thread.id, body: 'a new needle' });
    expect(await found(f, '1', 'needle')).toEqual([recent.id, old.id, oldest.id]);
    expect(await found(f, '1', 'filler')).toHaveLength(18_500);
    expect(await found(f, '1', 'needle', 1)).toEqual([recent.id, old.id, oldest.id]);
    expect(await found(f, '2', 'oldest')).toEqual([oldest.id]);
    // Query syntax reaches the index as plain words there too.
    for (const q of ['"needle', 'needle*', 'NEAR(needle old)', 'old:needle', 'needle\\', "needle'", '{old} needle', 'needle OR', '^needle', 'needle:*']) {
      const ids = await found(f, '2', q);
      expect(ids.length, q).toBeLessThanOrEqual(3);
      if (!/near|or/i.test(q)) expect(ids, q).toContain(old.id);
    }
    // Behind the window, the index answers, and it finds what the window's check finds.
    for (const q of ['встреч', 'STRASSE straße', '会議', 'नमस्ते', 'ΣΊΣΥΦ']) expect(await found(f, '2', q), q).toEqual(q === 'STRASSE straße' ? [] : [oldest.id]);
    expect(await found(f, '1', 'nowhere')).toEqual([]);
  });
});
