import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createMessaging } from '../../src/create-messaging.js';
import { users } from '../helpers/sqlite-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-cli-export-'));
const file = join(dir, 'messages.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const messaging = createMessaging({ database: { sqlite: file }, users, currentUserId: () => null, rateLimits: false });
  try {
    await messaging.migrate();
    for (const to of ['1', '3', '4']) await messaging.conversations.startConversation({ senderId: '2', recipientIds: [to], body: `hello ${to}` });
  } finally {
    await messaging.close();
  }
});

/** A stdout that takes `okWrites` chunks, then fails every write with `error`. */
function failingStdout(okWrites: number, error: Error & { code?: string }) {
  const received: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      if (received.length >= okWrites) return callback(error);
      received.push(String(chunk));
      callback();
    },
  });
  return { stream, received };
}

/** Runs the CLI on a terminal: stderr lines and the bar's redraws land in one list, in order. */
async function runOnTerminal(args: string[], stdout: NodeJS.WritableStream) {
  const stderr: string[] = [];
  const out: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => stderr.push(`${l}\n`), errTty: (t) => void stderr.push(t), env: {}, stdout });
  return { code, out, stderr };
}

describe('messaging export to stdout', () => {
  it('stops quietly with exit 0 when the reader closes the pipe (export | head)', async () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const { stream, received } = failingStdout(2, epipe);
    const { code, stderr } = await runOnTerminal(['export', '--user', '2', '--db', file], stream);
    expect(received.join('')).toContain('"format":"org-messaging-member-export/1"');
    expect(stderr.join('')).not.toContain('unexpected error');
    expect(stderr.join('')).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('on another write error, clears the progress bar before printing the error on its own line', async () => {
    const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const { stream } = failingStdout(5, full); // past the first thread, so the bar is drawn
    const { code, stderr } = await runOnTerminal(['export', '--user', '2', '--db', file], stream);
    expect(code).toBe(1);
    const errorAt = stderr.findIndex((s) => s.includes('no space left on device'));
    expect(errorAt).toBeGreaterThan(0);
    expect(stderr.slice(0, errorAt).some((s) => s.includes('Exporting ['))).toBe(true);
    // The last thing before the message wipes the bar's line, so the message does not follow it.
    expect(stderr[errorAt - 1]).toBe('\r\x1b[2K');
  });

  it('writes the whole document when the reader keeps reading', async () => {
    const { stream, received } = failingStdout(Number.POSITIVE_INFINITY, new Error('unused'));
    const { code, stderr } = await runOnTerminal(['export', '--user', '2', '--db', file], stream);
    expect(code).toBe(0);
    expect(JSON.parse(received.join('')).threads).toHaveLength(3);
    expect(stderr.filter((s) => s.startsWith('messaging:'))).toEqual([]);
  });
});
