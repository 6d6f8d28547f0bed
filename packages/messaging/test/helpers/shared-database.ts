import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseOption } from '../../src/db/connection/connect.js';
import type { MessagingLogger } from '../../src/options.js';
import { createTestDatabase, TEST_DIALECT } from './test-database.js';

/**
 * A database that several instances can open one after another (a "restart" or a second
 * process): a SQLite file in a temp folder, or a fresh Postgres schema.
 */
export function createSharedDatabase(dialect = TEST_DIALECT): { option: DatabaseOption; cleanup(): Promise<void> } {
  if (dialect === 'postgres') return createTestDatabase('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'messaging-shared-'));
  return { option: { sqlite: join(dir, 'messages.db') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logger that keeps what it was given, for assertions on log lines. */
export function createRecordingLogger(): MessagingLogger & { lines: Array<{ level: string; obj: object; msg: string | undefined }> } {
  const lines: Array<{ level: string; obj: object; msg: string | undefined }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}
