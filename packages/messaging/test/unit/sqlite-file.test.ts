import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type KyselyPlugin, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/db/migrations/index.js';
import { migrateToLatest } from '../../src/db/migrations/migrate.js';

const run = promisify(execFile);

describe('the SQLite file', () => {
  it('is opened in WAL mode with foreign keys on, synchronous NORMAL by default and FULL on request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messaging-pragmas-'));
    const users = { getUsers: async () => [] };
    try {
      const normal = createMessaging({ database: { sqlite: join(dir, 'n', 'a.db') }, users, currentUserId: () => null });
      const full = createMessaging({ database: { sqlite: { file: join(dir, 'f.db'), synchronous: 'full' } }, users, currentUserId: () => null });
      const read = async (m: typeof normal, pragma: string) => Object.values((await sql.raw(`pragma ${pragma}`).execute(m.database.db)).rows[0] as object)[0];
      expect(await read(normal, 'journal_mode')).toBe('wal');
      expect(await read(normal, 'foreign_keys')).toBe(1);
      expect(await read(normal, 'synchronous')).toBe(1);
      expect(await read(normal, 'busy_timeout')).toBe(5000);
      expect(await read(full, 'synchronous')).toBe(2);
      expect(existsSync(join(dir, 'n', 'a.db'))).toBe(true);
      await normal.close();
      await full.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets two processes migrate one SQLite file at the same moment', async () => {
    const bundle = join(__dirname, '../../dist/index.cjs');
    expect(existsSync(bundle), 'build the package first (pnpm build): this test runs the bundle in child processes').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'messaging-race-'));
    const file = join(dir, 'nested', 'messages.db');
    const script = `
      const { createMessaging } = require(${JSON.stringify(bundle)});
      const m = createMessaging({ database: { sqlite: ${JSON.stringify(file)} }, users: { getUsers: async () => [] }, currentUserId: () => null });
      m.migrate().then(async (r) => { const s = await m.schemaStatus(); await m.close(); console.log(JSON.stringify({ applied: r.applied, version: s.version })); })
        .catch((e) => { console.error(e.message); process.exit(1); });`;
    try {
      const results = await Promise.all([1, 2, 3].map(() => run(process.execPath, ['-e', script])));
      const outputs = results.map((r) => JSON.parse(r.stdout) as { applied: string[]; version: number });
      expect(outputs.every((o) => o.version === LATEST_SCHEMA_VERSION)).toBe(true);
      expect(outputs.flatMap((o) => o.applied)).toEqual(Object.keys(MIGRATIONS));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets two instances of one process migrate one file at the same moment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messaging-race-inproc-'));
    const users = { getUsers: async () => [] };
    const file = join(dir, 'messages.db');
    const a = createMessaging({ database: { sqlite: { file, busyTimeoutMs: 200 } }, users, currentUserId: () => null });
    const b = createMessaging({ database: { sqlite: { file, busyTimeoutMs: 200 } }, users, currentUserId: () => null });
    try {
      const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
      expect([...ra.applied, ...rb.applied]).toEqual(Object.keys(MIGRATIONS));
      expect((await b.schemaStatus()).version).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      await Promise.all([a.close(), b.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the schema again when SQLite answers busy at once, as it can while another process sets up a new file', async () => {
    // Seen once: three processes migrating one new file, one failed its first read of the
    // migrations table with SQLITE_BUSY, which does not wait for the busy timeout in that case.
    const dir = mkdtempSync(join(tmpdir(), 'messaging-busy-read-'));
    const m = createMessaging({ database: { sqlite: join(dir, 'messages.db') }, users: { getUsers: async () => [] }, currentUserId: () => null });
    let refusals = 2;
    const busyAtFirst: KyselyPlugin = {
      transformQuery(args) {
        if (refusals > 0 && args.node.kind === 'SelectQueryNode') {
          refusals--;
          throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        }
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    try {
      const database = { ...m.database, db: m.database.db.withPlugin(busyAtFirst) };
      expect(await migrateToLatest(database)).toEqual(Object.keys(MIGRATIONS));
      expect(refusals).toBe(0);
      expect((await m.schemaStatus()).version).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      await m.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a transaction that reads before it writes wait for another process instead of failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messaging-immediate-'));
    const file = join(dir, 'messages.db');
    const m = createMessaging({ database: { sqlite: file }, users: { getUsers: async () => [] }, currentUserId: () => null });
    try {
      await m.migrate();
      // Another process takes the write lock, writes, and commits 400 ms later.
      const holder = `
        const Database = require('better-sqlite3');
        const db = new Database(${JSON.stringify(file)});
        db.pragma('busy_timeout = 5000');
        db.exec("begin immediate; insert into messaging_settings (key, value, updated_at) values ('other', 'x', 'now')");
        process.stdout.write('locked\\n');
        setTimeout(() => { db.exec('commit'); db.close(); }, 400);`;
      const child = execFile(process.execPath, ['-e', holder], { cwd: join(__dirname, '../..') });
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => String(d).includes('locked') && resolve());
        child.on('exit', (code) => code !== 0 && reject(new Error(`holder exited ${code}`)));
      });
      // Read, then write, in one transaction: with a deferred BEGIN this fails with SQLITE_BUSY.
      await m.database.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('messaging_settings').select('key').execute();
        await trx
          .insertInto('messaging_settings')
          .values({ key: `mine-${before.length}`, value: 'y', updated_at: 'now', updated_by: null })
          .execute();
      });
      const keys = (await m.database.db.selectFrom('messaging_settings').select('key').execute()).map((r) => r.key);
      expect(keys).toEqual(expect.arrayContaining(['other', 'mine-1']));
    } finally {
      await m.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
