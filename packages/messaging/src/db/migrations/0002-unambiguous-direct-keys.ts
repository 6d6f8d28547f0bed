import type { Kysely, Migration } from 'kysely';

/** Direct threads read per query. */
const PAGE = 5000;
/** Where the new keys wait while the old ones are cleared; made and dropped inside the migration. */
const REWRITE_TABLE = 'messaging_direct_key_rewrite';

/** Keys as version 1 wrote them: ambiguous when an id holds ':' ("a" + "b:c" = "a:b" + "c"). */
const legacyKeyOf = (a: string, b: string) => [a, b].sort().join(':');
/** Keys from version 2 on. A copy on purpose (a migration is frozen); a test pins it to `directKeyOf`. */
const keyOf = (a: string, b: string) => JSON.stringify([a, b].sort());

interface Member {
  user_id: string;
}

/**
 * The pair a direct thread belongs to, from its participant rows (in joining order), not from
 * its key, which cannot be split when ids hold ':'. Two members: them. More: the old key let
 * look-alike pairs in, so among the pairs the stored key names, keep the one with the thread's
 * creator, then the earliest joined; the others are removed from the thread. None: null (the
 * thread stays, but no pair finds it again).
 */
function pairOf(storedKey: string | null, createdBy: string, members: Member[]): [string, string] | null {
  const ids = [...new Set(members.map((m) => m.user_id))];
  if (ids.length === 2) return [ids[0]!, ids[1]!];
  const candidates: Array<{ pair: [string, string]; creator: boolean; latest: number }> = [];
  for (let j = 1; j < ids.length; j++) {
    for (let i = 0; i < j; i++) {
      const [a, b] = [ids[i]!, ids[j]!];
      if (storedKey !== legacyKeyOf(a, b) && storedKey !== keyOf(a, b)) continue;
      candidates.push({ pair: [a, b], creator: a === createdBy || b === createdBy, latest: j });
    }
  }
  candidates.sort((x, y) => Number(y.creator) - Number(x.creator) || x.latest - y.latest);
  return candidates[0]?.pair ?? null;
}

/**
 * Schema version 2: every direct thread's key becomes the JSON array of its two members, sorted,
 * rebuilt from the thread's participant rows. Keys are computed page by page into a scratch
 * table, then all old keys are cleared and the new ones set in two statements, so that a new key
 * never meets an old one still in place under the unique index. Runs in the migration's
 * transaction; running it again gives the same keys. Frozen once released.
 */
export const unambiguousDirectKeys: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropTable(REWRITE_TABLE).ifExists().execute();
    await db.schema
      .createTable(REWRITE_TABLE)
      .addColumn('thread_id', 'text', (c) => c.primaryKey())
      .addColumn('direct_key', 'text')
      .execute();

    let after = '';
    for (;;) {
      const threads: Array<{ id: string; direct_key: string | null; created_by: string }> = await db
        .selectFrom('messaging_threads')
        .select(['id', 'direct_key', 'created_by'])
        .where('kind', '=', 'direct')
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (threads.length === 0) break;
      const rows: Array<Member & { thread_id: string }> = await db
        .selectFrom('messaging_participants')
        .select(['thread_id', 'user_id'])
        .where(
          'thread_id',
          'in',
          threads.map((t) => t.id),
        )
        .orderBy('thread_id')
        .orderBy('joined_at')
        .orderBy('user_id')
        .execute();
      const membersOf = new Map<string, Member[]>();
      for (const row of rows) membersOf.set(row.thread_id, [...(membersOf.get(row.thread_id) ?? []), row]);
      const rewritten: Array<{ thread_id: string; direct_key: string | null }> = [];
      for (const t of threads) {
        const members = membersOf.get(t.id) ?? [];
        const pair = pairOf(t.direct_key, t.created_by, members);
        rewritten.push({ thread_id: t.id, direct_key: pair ? keyOf(pair[0], pair[1]) : null });
        // Members the old key let into someone else's pair lose the thread: they must read no
        // more of it. What they wrote stays, so the pair's history reads whole.
        const intruders = pair ? members.map((m) => m.user_id).filter((id) => id !== pair[0] && id !== pair[1]) : [];
        if (intruders.length > 0) {
          await db.deleteFrom('messaging_participants').where('thread_id', '=', t.id).where('user_id', 'in', intruders).execute();
        }
      }
      await db.insertInto(REWRITE_TABLE).values(rewritten).execute();
      after = threads[threads.length - 1]!.id;
      if (threads.length < PAGE) break;
    }

    // Two threads rebuilt to one pair (damaged rows): the oldest id keeps the key.
    await db
      .updateTable(REWRITE_TABLE)
      .set({ direct_key: null })
      .where('thread_id', 'not in', (eb: any) =>
        eb
          .selectFrom(`${REWRITE_TABLE} as r`)
          .select((e: any) => e.fn.min('r.thread_id').as('first'))
          .where('r.direct_key', 'is not', null)
          .groupBy('r.direct_key'),
      )
      .execute();
    await db.updateTable('messaging_threads').set({ direct_key: null }).where('kind', '=', 'direct').execute();
    await db
      .updateTable('messaging_threads')
      .set((eb: any) => ({
        direct_key: eb.selectFrom(`${REWRITE_TABLE} as r`).select('r.direct_key').whereRef('r.thread_id', '=', 'messaging_threads.id'),
      }))
      .where('kind', '=', 'direct')
      .execute();
    await db.schema.dropTable(REWRITE_TABLE).execute();
  },

  // Old-format keys are ambiguous; going back would reopen the hole, so down() keeps the new ones.
  async down() {},
};
