import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * `messaging status --db X | head -1`: the reader leaves after one line, and every later write
 * of the CLI meets a closed pipe (EPIPE). That is the reader's choice, not a failure: the CLI
 * must finish with its own exit code and never die of an unhandled 'error' event.
 * Runs the built CLI (the run's copy of dist/), as a user's shell would.
 */
const cli = join(dirname(inject('messagingBundle')), 'cli.cjs');
let dir = '';
let db = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'messaging-epipe-'));
  db = join(dir, 'messages.db');
  const migrated = spawnSync(process.execPath, [cli, 'migrate', '--db', db], { encoding: 'utf8' });
  expect(migrated.status, migrated.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with stdout a pipe whose reader goes away: at once, or after the first line. */
async function intoClosedPipe(args: string[], when: 'at-once' | 'after-first-line'): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  if (when === 'at-once') child.stdout.destroy();
  else {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes('\n')) child.stdout.destroy();
    });
  }
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return { code, signal, stderr };
}

describe('the CLI writing into a pipe whose reader has gone', () => {
  // [name, arguments ('' is the database file), runs]
  const commands: Array<[string, string[], number]> = [
    ['status', ['status', '--db', ''], 10],
    ['status --json', ['status', '--json', '--db', ''], 4],
    ['--help', ['--help'], 4],
    ['stats', ['stats', '--days', '30', '--db', ''], 4],
  ];

  for (const [name, template, runs] of commands) {
    it(`${name}: never crashes, ${runs} runs`, async () => {
      for (let run = 0; run < runs; run++) {
        const args = template.map((a) => (a === '' ? db : a));
        const result = await intoClosedPipe(args, run % 2 === 0 ? 'at-once' : 'after-first-line');
        expect(result.stderr).not.toMatch(/EPIPE|Unhandled|ERR_STREAM/);
        expect(result.signal).toBeNull();
        expect(result.code).toBe(0);
      }
    });
  }

  it('`messaging status --db X | head -1` in a shell: exit 0 and nothing on stderr, 10 runs', () => {
    for (let run = 0; run < 10; run++) {
      const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
      const result = spawnSync('bash', ['-c', `set -o pipefail; ${quote(process.execPath)} ${quote(cli)} status --db ${quote(db)} | head -1`], { encoding: 'utf8' });
      expect(result.stdout).toMatch(/^Database: /);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });
});
