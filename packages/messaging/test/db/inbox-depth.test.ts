import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagingDatabase } from '../../src/db/schema.js';
import { inboxQuery } from '../../src/services/conversations/inbox.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';

let t: TestMessaging | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

const DEEP = 1_500;
const at = (second: number) => new Date(Date.UTC(2026, 0, 1) + second * 1000).toISOString();
const threadId = (i: number) => `t${String(i).padStart(5, '0')}`;

/**
 * Member '1' in DEEP threads (every third at the same second as its neighbours, so the thread
 * id breaks ties), some archived, some left; members '2'..'4' share each thread so the index
 * holds other members' rows on both sides of member '1'. Written straight into the tables:
 * building it through the services would take minutes.
 */
async function fillDeepInbox(db: Kysely<MessagingDatabase>): Promise<void> {
  for (let start = 0; start < DEEP; start += 500) {
    const ids = Array.from({ length: Math.min(500, DEEP - start) }, (_, k) => start + k);
    await db
      .insertInto('messaging_threads')
      .values(ids.map((i) => ({ id: threadId(i), kind: 'direct', subject: null, direct_key: null, created_by: '1', created_at: at(0), last_message_at: at(Math.floor(i / 3)) })))
      .execute();
    await db
      .insertInto('messaging_participants')
      .values(
        ids.flatMap((i) => [
          {
            thread_id: threadId(i),
            user_id: '1',
            joined_at: at(0),
            last_activity_at: at(Math.floor(i / 3)),
            archived_at: i % 10 === 7 ? at(1) : null,
            left_at: i % 50 === 11 ? at(2) : null,
          },
          { thread_id: threadId(i), user_id: String(2 + (i % 3)), joined_at: at(0), last_activity_at: at(Math.floor(i / 3)) },
        ]),
      )
      .execute();
  }
  if (TEST_DIALECT === 'postgres') await sql`analyze`.execute(db);
}

/** The threads member '1' should see, in inbox order (latest activity, then thread id, first). */
function expected(archived: boolean): string[] {
  return Array.from({ length: DEEP }, (_, i) => i)
    .filter((i) => i % 50 !== 11 && (i % 10 === 7) === archived)
    .sort((a, b) => Math.floor(b / 3) - Math.floor(a / 3) || b - a)
    .map(threadId);
}

describe(`a deep inbox on ${TEST_DIALECT}`, { timeout: 60_000 }, () => {
  it.each([
    ['inbox', false],
    ['archived list', true],
  ])('walks the whole %s of a 1,500-thread member by cursor: every thread once, in order', async (_label, archived) => {
    t = await createTestMessaging();
    const { messaging } = t;
    await fillDeepInbox(messaging.database.db);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await messaging.conversations.listThreads('1', { archived, limit: 100, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(expected(archived));
  });

  /**
   * The cost of a page must not grow with its depth: the cursor has to be where the index range
   * starts, not a filter over every row of the member newer than it. A change to the query or
   * to the index that loses this shows here (the bench's inbox_depth_ratio measures the cost).
   */
  it('starts a deep page where the cursor points in the inbox index, reading no row before it', async () => {
    t = await createTestMessaging();
    const db = t.messaging.database.db;
    await fillDeepInbox(db);
    const compiled = inboxQuery(db, '1', { archived: false, after: { at: at(30), threadId: threadId(90) }, limit: 20 }).compile();
    if (TEST_DIALECT === 'sqlite') {
      const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
      const details = plan.rows.map((row) => row.detail);
      expect(details).toContainEqual(expect.stringMatching(/^SEARCH p USING INDEX messaging_participants_inbox \(user_id=\? AND \(last_activity_at,thread_id\)<\(\?,\?\)\)$/));
      expect(details.join('\n')).not.toMatch(/TEMP B-TREE|SCAN p\b/);
    } else {
      const plan = await db.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`explain (analyze, buffers, format json) ${compiled.sql}`, [...compiled.parameters]));
      const nodes: Array<Record<string, unknown>> = [];
      const walk = (node: Record<string, unknown>) => {
        nodes.push(node);
        for (const child of (node.Plans as Array<Record<string, unknown>>) ?? []) walk(child);
      };
      walk((plan.rows[0]!['QUERY PLAN'] as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan);
      const scan = nodes.find((n) => n['Index Name'] === 'messaging_participants_inbox');
      expect(scan, JSON.stringify(nodes.map((n) => n['Node Type']))).toBeDefined();
      expect(scan!['Scan Direction']).toBe('Backward');
      expect(String(scan!['Index Cond'])).toMatch(/ROW\((p\.)?last_activity_at, (p\.)?thread_id\) < ROW\(/);
      // Only the archived and left rows of this page's stretch are skipped, not the 1,300 rows newer than the cursor.
      expect(Number(scan!['Rows Removed by Filter'] ?? 0)).toBeLessThan(10);
      expect(nodes.some((n) => n['Node Type'] === 'Sort')).toBe(false);
    }
  });
});
