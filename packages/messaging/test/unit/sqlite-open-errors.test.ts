import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';

const users = { getUsers: async () => [] };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A temp folder anyone may enter, removed after the test. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'messaging-open-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

/**
 * Runs `fn` as a user that file modes apply to. Root (as in CI) ignores them, so the effective
 * uid becomes `nobody` for the call and root again after; any other user runs it as it is.
 */
async function withoutRoot<T>(fn: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0 || !process.seteuid) return fn();
  process.seteuid(65534);
  try {
    return await fn();
  } finally {
    process.seteuid(0);
  }
}

/** What `migrate()` throws for a database at `file`. */
async function startupError(file: string): Promise<Error & { code?: string }> {
  const messaging = createMessaging({ database: { sqlite: file }, users, currentUserId: () => null });
  try {
    const err = await withoutRoot(() =>
      messaging.migrate().then(
        () => undefined,
        (e: Error) => e,
      ),
    );
    if (!err) throw new Error(`migrate() succeeded on ${file}`);
    return err;
  } finally {
    await messaging.close().catch(() => {});
  }
}

describe('starting on a SQLite file that cannot be written', () => {
  it('a read-only folder: names the file, the folder, and that it is not writable', async () => {
    const dir = join(tempDir(), 'data');
    mkdirSync(dir, { mode: 0o555 });
    const err = await startupError(join(dir, 'messages.db'));
    expect(err.code).toBe('database_unavailable');
    expect(err.message).toContain(join(dir, 'messages.db'));
    expect(err.message).toMatch(/folder .*data.* is not writable/);
  });

  it('a read-only folder holding an existing database: the same, not a bare SQLite code', async () => {
    const dir = join(tempDir(), 'data');
    mkdirSync(dir);
    const file = join(dir, 'messages.db');
    const first = createMessaging({ database: { sqlite: file }, users, currentUserId: () => null });
    await first.migrate();
    await first.close();
    chmodSync(file, 0o666);
    chmodSync(dir, 0o555);
    const err = await startupError(file);
    expect(err.code).toBe('database_unavailable');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/is not writable/);
  });

  it('a missing folder that cannot be created: names the folder and the cause', async () => {
    const parent = join(tempDir(), 'readonly-parent');
    mkdirSync(parent, { mode: 0o555 });
    const file = join(parent, 'missing', 'messages.db');
    const err = await startupError(file);
    expect(err.code).toBe('database_unavailable');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/folder .*missing.* does not exist and cannot be created/);
  });

  it('a read-only database file: names the file and says it is read-only', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777); // the folder is fine, only the file is not
    const file = join(dir, 'messages.db');
    writeFileSync(file, '');
    chmodSync(file, 0o444);
    const err = await startupError(file);
    expect(err.code).toBe('database_unavailable');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/file is read-only/);
  });
});
