import {
  DummyDriver,
  Kysely,
  type KyselyPlugin,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { statementTemplate } from '../../src/db/connection/statement-templates.js';
import type { MessagingDatabase } from '../../src/db/schema.js';
import { badgeQuery } from '../../src/services/unread/unread-notify.js';

/** Kysely instances that compile only (no database): what a template does is all in the compiled text and parameters. */
const compileOnly =
  (
    Adapter: typeof SqliteAdapter | typeof PostgresAdapter,
    Introspector: typeof SqliteIntrospector | typeof PostgresIntrospector,
    Compiler: typeof SqliteQueryCompiler | typeof PostgresQueryCompiler,
  ) =>
  () =>
    new Kysely<MessagingDatabase>({
      dialect: {
        createAdapter: () => new Adapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new Introspector(db),
        createQueryCompiler: () => new Compiler(),
      },
    });
const engines = {
  sqlite: compileOnly(SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler),
  postgres: compileOnly(PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler),
};

/** A page-like statement: a member, an optional position, a row count (bound twice to show a repeated value). */
const page = (db: Kysely<MessagingDatabase>, userId: string, after: string | undefined, rows: number) => {
  let query = db.selectFrom('messaging_participants').select(['thread_id', 'user_id']).where('user_id', '=', userId).where('unread_count', '<', rows);
  if (after !== undefined) query = query.where('thread_id', '<', after);
  return query.orderBy('thread_id', 'desc').limit(rows);
};

describe.each(Object.entries(engines))('statement templates (%s)', (_engine, make) => {
  it('binds each call to its own values, builds once per Kysely instance, and gives what a fresh build gives', () => {
    const db = make();
    let builds = 0;
    const first = statementTemplate(
      (d: Kysely<MessagingDatabase>, userId: string, after: string | undefined, rows: number) => {
        builds += 1;
        return page(d, userId, after, rows);
      },
      ['\u0000member', undefined, -1] as [string, string | undefined, number],
    );
    const continued = statementTemplate((d: Kysely<MessagingDatabase>, userId: string, after: string | undefined, rows: number) => page(d, userId, after, rows), [
      '\u0000member',
      '\u0000after',
      -1,
    ] as [string, string | undefined, number]);
    // Ids a template must carry as they are: `:`, quotes, digits, a word like the stand-in without its NUL.
    for (const [userId, rows] of [
      ['alice', 21],
      ['a:b', 5],
      ["o'brien", 101],
      ['member', 2],
      ['42', 21],
    ] as const) {
      const made = first(db, userId, undefined, rows);
      const fresh = page(db, userId, undefined, rows).compile();
      expect(made.sql).toBe(fresh.sql);
      expect(made.parameters).toEqual(fresh.parameters);
      const after = continued(db, userId, 'thread:9', rows);
      const freshAfter = page(db, userId, 'thread:9', rows).compile();
      expect(after.sql).toBe(freshAfter.sql);
      expect(after.parameters).toEqual(freshAfter.parameters);
    }
    expect(builds).toBe(1);
    // Another instance (another pool, a transaction, a plugin) gets a template of its own.
    first(make(), 'alice', undefined, 21);
    expect(builds).toBe(2);
  });

  it('falls back to a fresh build on every call where a plugin adds a parameter of its own', () => {
    // A plugin that rewrites the statement with a value of its own (a row cap, say): the template cannot know where it goes.
    const withCap: KyselyPlugin = {
      transformQuery: (args) => {
        const node = args.node as { kind: string };
        if (node.kind !== 'SelectQueryNode') return args.node;
        return { ...node, limit: { kind: 'LimitNode', limit: { kind: 'ValueNode', value: 7 } } } as unknown as typeof args.node;
      },
      transformResult: async ({ result }) => result,
    };
    const db = make().withPlugin(withCap);
    let builds = 0;
    const template = statementTemplate(
      (d: Kysely<MessagingDatabase>, userId: string) => {
        builds += 1;
        return badgeQuery(d, userId);
      },
      ['\u0000member'],
    );
    for (const userId of ['alice', 'bob', 'carol']) {
      const made = template(db, userId);
      expect(made.parameters).toContain(userId);
      expect(made.parameters).toContain(7);
      expect(made.parameters).not.toContain('\u0000member');
    }
    // One build that found the plugin's parameter, then one per call.
    expect(builds).toBe(4);
  });

  it('falls back where a build writes a value into the text instead of binding it', () => {
    const db = make();
    const template = statementTemplate((d: Kysely<MessagingDatabase>, userId: string, rows: number) => badgeQuery(d, userId).limit(sql.lit(rows)), ['\u0000member', -1] as [
      string,
      number,
    ]);
    const made = template(db, 'alice', 20);
    expect(made.sql).toContain('20');
    expect(made.sql).not.toContain('-1');
    expect(made.parameters).toEqual(['alice']);
    expect(template(db, 'bob', 30).sql).toContain('30');
  });
});
