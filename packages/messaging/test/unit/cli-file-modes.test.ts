import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { backupSqlite } from '../../src/db/operations/backup.js';
import { runCliCaptured } from '../helpers/run-cli.js';

/**
 * Backups and exports hold members' private messages: the files the CLI writes are readable by
 * their owner only (0600), whatever the umask, and also when they replace an existing file.
 */
const dir = mkdtempSync(join(tmpdir(), 'messaging-modes-'));
const db = join(dir, 'messages.db');
const modeOf = (file: string) => statSync(file).mode & 0o777;
let umask = 0o022;

beforeAll(async () => {
  const getUsers = async (ids: string[]) => ids.map((id) => ({ id, displayName: `Member ${id}` }));
  const messaging = createMessaging({ database: { sqlite: db }, users: { getUsers }, currentUserId: () => null });
  await messaging.migrate();
  await messaging.conversations.startConversation({ senderId: '1', recipientIds: ['2'], body: 'private words' });
  await messaging.close();
  // The widest umask there is: nothing masked, so only the code's own mode keeps files private.
  umask = process.umask(0);
});
afterAll(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

describe('files the CLI writes are private to their owner', () => {
  it('messaging backup: 0600, also when --force replaces a 0644 file', async () => {
    const target = join(dir, 'backups', 'copy.db');
    const first = await runCliCaptured(['backup', target, '--db', db]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(modeOf(target)).toBe(0o600);

    writeFileSync(join(dir, 'old.db'), 'x', { mode: 0o644 });
    const again = await runCliCaptured(['backup', join(dir, 'old.db'), '--db', db, '--force']);
    expect(again.code).toBe(0);
    expect(modeOf(join(dir, 'old.db'))).toBe(0o600);
  });

  it('backupSqlite() from code: 0600', async () => {
    const target = join(dir, 'from-code.db');
    await backupSqlite(db, target);
    expect(modeOf(target)).toBe(0o600);
  });

  it('messaging export --out: 0600, also when --force replaces a 0644 file', async () => {
    const target = join(dir, 'exports', 'member-1.json');
    const first = await runCliCaptured(['export', '--user', '1', '--out', target, '--db', db]);
    expect(first.code).toBe(0);
    expect(modeOf(target)).toBe(0o600);

    writeFileSync(join(dir, 'old.json'), '{}', { mode: 0o644 });
    const again = await runCliCaptured(['export', '--user', '1', '--out', join(dir, 'old.json'), '--db', db, '--force']);
    expect(again.code).toBe(0);
    expect(modeOf(join(dir, 'old.json'))).toBe(0o600);
  });
});
