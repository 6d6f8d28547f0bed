import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { sql } from 'kysely';
import pg from 'pg';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { createRecordingLogger } from '../helpers/shared-database.js';
import { createTestDatabase, TEST_DIALECT, TEST_POSTGRES_URL } from '../helpers/test-database.js';
import { TEST_USERS } from '../helpers/test-messaging.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
});

/** Whether this run may mount a small tmpfs (root on Linux with the right, as in CI) to fill a disk for real. */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'messaging-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const users = { getUsers: async (ids: string[]) => TEST_USERS.filter((u) => ids.includes(String(u.id))) };

/** An app over a migrated database, its recording logger, and a thread between 1 and 2. */
async function appWithThread(overrides: Parameters<typeof createHttpTestApp>[0] = {}) {
  const logger = createRecordingLogger();
  const t = await createHttpTestApp({ ...overrides, overrides: { logger, ...overrides.overrides } });
  cleanups.push(t.cleanup);
  const { threadId } = await startThread(t, '1', ['2']);
  return { t, logger, threadId };
}

/**
 * Sends long replies until one is refused (the database fills up within a few), and checks
 * what the member sees and what the operator reads. Returns the row counts before that send.
 */
async function expectUnavailable(t: HttpTestApp, threadId: string, logger: ReturnType<typeof createRecordingLogger>, cause: RegExp) {
  let before = await t.counts();
  let res = await t
    .as('2')
    .post(`/api/threads/${threadId}/messages`)
    .send({ body: 'x'.repeat(9000) });
  for (let i = 0; i < 50 && res.status === 201; i++) {
    before = await t.counts();
    res = await t
      .as('2')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: `${i} ${'x'.repeat(9000)}` });
  }
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  // The real cause is in the log, not a later error that masks it.
  const logged = JSON.stringify(logger.lines.filter((l) => l.level === 'error'));
  expect(logged).toMatch(cause);
  expect(logged).not.toMatch(/cannot rollback|no transaction is active/);
  expect(logged).not.toContain('x'.repeat(50)); // never the message text
  return before;
}

describe(`database faults answer 503 database_unavailable on ${TEST_DIALECT}`, () => {
  it.runIf(TEST_DIALECT === 'sqlite')('a full SQLite database: 503 with Retry-After, SQLITE_FULL in the log, nothing stored, later writes succeed once there is room', async () => {
    const { t, logger, threadId } = await appWithThread();
    const db = t.messaging.database.db;
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count);
    await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
    const before = await expectUnavailable(t, threadId, logger, /SQLITE_FULL/);
    await sql.raw('pragma max_page_count = 1073741823').execute(db);
    expect(await t.counts()).toEqual(before);
    expect((await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'room again' })).status).toBe(201);
  });

  it("a transaction the database already ended (SQLite rolls back by itself on a full disk) fails with its own error, not the rollback's", async () => {
    const { t } = await appWithThread();
    const full = Object.assign(new Error('database or disk is full'), { code: TEST_DIALECT === 'sqlite' ? 'SQLITE_FULL' : '53100' });
    const failed = t.messaging.database.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      if (TEST_DIALECT === 'sqlite')
        await sql`rollback`.execute(trx); // what SQLite does on SQLITE_FULL at commit
      else await sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx).catch(() => {}); // the server ends it
      throw full;
    });
    await expect(failed).rejects.toBe(full);
    expect((await t.as('2').get('/api/unread')).status).toBe(200); // and the connection is usable again
  });

  it.runIf(TEST_DIALECT === 'sqlite' && canMountTmpfs())('a SQLite file on a full disk: 503, SQLITE_FULL in the log (a real small filesystem)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messaging-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', dir]);
    cleanups.push(async () => {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    });
    const { t, logger, threadId } = await appWithThread({ overrides: { database: { sqlite: join(dir, 'messages.db') } } });
    const before = await expectUnavailable(t, threadId, logger, /SQLITE_FULL/);
    expect(await t.counts()).toEqual(before);
  });

  it.runIf(TEST_DIALECT === 'sqlite')('a read-only SQLite database: 503 with SQLITE_READONLY in the log', async () => {
    const { t, logger, threadId } = await appWithThread();
    await sql`pragma query_only = 1`.execute(t.messaging.database.db);
    await expectUnavailable(t, threadId, logger, /SQLITE_READONLY/);
    await sql`pragma query_only = 0`.execute(t.messaging.database.db);
  });

  it.runIf(TEST_DIALECT === 'postgres')('a read-only Postgres database: 503 with 25006 in the log, nothing stored', async () => {
    const { t, threadId } = await appWithThread();
    const schema = (t.messaging.database.postgres as { schema: string }).schema;
    // A second instance on the same schema whose sessions are read-only, as on a standby.
    const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 2, options: `-c search_path="${schema}" -c default_transaction_read_only=on` });
    cleanups.push(() => pool.end());
    const logger = createRecordingLogger();
    const readOnly = createMessaging({ database: { postgres: { pool } }, users, currentUserId: (req: any) => req.headers['x-test-user'] ?? null, rateLimits: false, logger });
    cleanups.push(() => readOnly.close());
    const app = express().use('/messages', readOnly.router);
    const before = await t.counts();
    const res = await request(app).post(`/messages/api/threads/${threadId}/messages`).set('x-test-user', '2').set('Sec-Fetch-Site', 'same-origin').send({ body: 'on a standby' });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('database_unavailable');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(logger.lines)).toMatch(/25006|read-only transaction/);
    expect(await t.counts()).toEqual(before);
  });

  it.runIf(TEST_DIALECT === 'sqlite')('a SQLite file that cannot be opened: 503 for the member without the path, the path and cause in the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messaging-unopenable-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'not-a-folder'), '');
    const file = join(dir, 'not-a-folder', 'data', 'messages.db'); // its folder cannot be made, even by root
    const logger = createRecordingLogger();
    const broken = createMessaging({ database: { sqlite: file }, users, currentUserId: () => '1', logger });
    cleanups.push(() => broken.close());
    const res = await request(express().use('/messages', broken.router)).get('/messages/api/unread');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: { code: 'database_unavailable', message: 'The messaging database cannot be reached.' } });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(logger.lines)).toContain(file);
    expect(JSON.stringify(logger.lines)).toMatch(/ENOTDIR/);
  });

  it.runIf(TEST_DIALECT === 'postgres')('an unreachable Postgres server: 503 with Retry-After and ECONNREFUSED in the log', async () => {
    const logger = createRecordingLogger();
    const down = createMessaging({ database: { postgres: 'postgres://postgres@127.0.0.1:1/test' }, users, currentUserId: () => '1', logger });
    cleanups.push(() => down.close());
    const res = await request(express().use('/messages', down.router)).get('/messages/api/unread');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('database_unavailable');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(logger.lines)).toMatch(/ECONNREFUSED/);
  });

  it.runIf(TEST_DIALECT === 'postgres')('starting against an unreachable Postgres server: migrate() names the server and the cause', async () => {
    const down = createMessaging({ database: { postgres: 'postgres://app:s3cret@127.0.0.1:1/test' }, users, currentUserId: () => '1' });
    cleanups.push(() => down.close());
    const err = await down.migrate().then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(err).toMatchObject({ code: 'database_unavailable' });
    expect(err!.message).toContain('127.0.0.1:1');
    expect(err!.message).toContain('ECONNREFUSED');
    expect(err!.message).not.toContain('s3cret');
  });

  it.runIf(TEST_DIALECT === 'postgres')('a busy connection terminated by the server: that request answers 503, the process lives on, later requests succeed', async () => {
    const database = createTestDatabase('postgres');
    cleanups.push(database.cleanup);
    const pgOption = (database.option as { postgres: { schema: string; poolConfig: Record<string, unknown> } }).postgres;
    const appName = `msg-faults-${pgOption.schema}`.slice(0, 60);
    pgOption.poolConfig = { ...pgOption.poolConfig, application_name: appName };
    const { t, logger, threadId } = await appWithThread({ overrides: { database: database.option } });
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('uncaughtException', onUnhandled);
    cleanups.push(async () => void process.off('uncaughtException', onUnhandled));

    // Another session holds the thread's row, so the send waits on a checked-out connection.
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    await admin.query('begin');
    await admin.query(`lock table "${pgOption.schema}".messaging_threads in exclusive mode`);
    const before = await (async () => {
      const r = await admin.query(`select count(*)::int as n from "${pgOption.schema}".messaging_messages`);
      return r.rows[0].n as number;
    })();
    const pending = t
      .as('2')
      .post(`/api/threads/${threadId}/messages`)
      .send({ body: 'in flight' })
      .then((r) => r);
    let terminated = 0;
    for (let i = 0; i < 100 && terminated === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const { rows } = await admin.query("select pg_terminate_backend(pid) as cut from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'", [appName]);
      terminated = rows.filter((r) => r.cut).length;
    }
    expect(terminated).toBeGreaterThan(0);
    const res = await pending;
    await admin.query('rollback');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(logger.lines)).toMatch(/57P01|terminat/i);
    expect(unhandled).toEqual([]);

    // The idle ones go too; the pool replaces them and the next request succeeds.
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [appName]);
    await new Promise((r) => setTimeout(r, 100));
    const after = await t.as('2').post(`/api/threads/${threadId}/messages`).send({ body: 'after the cut' });
    expect(after.status).toBe(201);
    const { rows } = await admin.query(`select body from "${pgOption.schema}".messaging_messages order by id`);
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1).body).toBe('after the cut');
    expect(unhandled).toEqual([]);
  });
});

describe(`sending limits on ${TEST_DIALECT}`, () => {
  it.runIf(TEST_DIALECT === 'postgres')('a connection fault surfaces as database_unavailable instead of serving the default limits', async () => {
    const down = createMessaging({ database: { postgres: `${TEST_POSTGRES_URL}_no_such_database` }, users, currentUserId: () => '1' });
    cleanups.push(() => down.close());
    await expect(down.sendingLimits.get()).rejects.toMatchObject({ code: 'database_unavailable' });
  });

  it("a database never migrated still serves the options' limits", async () => {
    const database = createTestDatabase();
    cleanups.push(database.cleanup);
    const fresh = createMessaging({ database: database.option, users, currentUserId: () => '1', rateLimits: { messagesPerMinute: 7 } });
    cleanups.push(() => fresh.close());
    await expect(fresh.sendingLimits.get()).resolves.toMatchObject({ messagesPerMinute: 7, overridden: [] });
  });
});

describe(`the default logger on ${TEST_DIALECT}`, () => {
  it('writes an unexpected error to console.error, with a hint when req.session is missing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const database = createTestDatabase();
    cleanups.push(database.cleanup);
    const messaging = createMessaging({ database: database.option, users, currentUserId: (req: any) => req.session.userId });
    cleanups.push(() => messaging.close());
    await messaging.migrate();
    await messaging.toggle.setEnabled(true, null);
    const res = await request(express().use('/messages', messaging.router)).get('/messages/api/unread');
    expect(res.status).toBe(500);
    const printed = errors.mock.calls.map((args) => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')).join('\n');
    expect(printed).toContain('messaging: request failed');
    expect(printed).toMatch(/TypeError/);
    expect(printed).toMatch(/session middleware/i);
  });

  it('stays out of the way when the host passes a logger', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const logger = createRecordingLogger();
    const database = createTestDatabase();
    cleanups.push(database.cleanup);
    const messaging = createMessaging({ database: database.option, users, currentUserId: (req: any) => req.session.userId, logger });
    cleanups.push(() => messaging.close());
    await messaging.migrate();
    await messaging.toggle.setEnabled(true, null);
    expect((await request(express().use('/messages', messaging.router)).get('/messages/api/unread')).status).toBe(500);
    expect(errors).not.toHaveBeenCalled();
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['messaging: request failed']);
  });
});
