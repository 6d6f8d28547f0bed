import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'messaging-cli-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('messaging CLI errors', () => {
  it('names the path and the reason when the folder cannot be made, exits 1, and shows no stack', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const { code, stderr } = await runCliCaptured(['migrate', '--db', join(blocker, 'sub', 'messages.db')]);
    expect(code).toBe(1);
    expect(stderr).toContain(join(blocker, 'sub'));
    expect(stderr).toMatch(/ENOTDIR|not a directory/i);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('takes MESSAGING_DATABASE_URL and refuses one that is not Postgres', async () => {
    const { code, stderr } = await runCliCaptured(['status'], { MESSAGING_DATABASE_URL: 'mysql://x' });
    expect(code).toBe(1);
    expect(stderr).toContain('is not a postgres:// URL');
  });

  it('refuses --db together with --postgres', async () => {
    const { code, stderr } = await runCliCaptured(['migrate', '--db', 'x.db', '--postgres', 'postgres://x']);
    expect(code).toBe(1);
    expect(stderr).toContain('not both');
  });

  it('has --help with examples on the command and on each subcommand', async () => {
    const top = await runCliCaptured(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Commands:');
    expect(top.stdout).toMatch(/Exit codes: 0 done, 1 an error .*3 backup on Postgres/s);
    for (const sub of ['migrate', 'status', 'enable', 'disable', 'backup', 'prune', 'export', 'forget-user', 'stats']) {
      const help = await runCliCaptured([sub, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: messaging ${sub}`);
      expect(help.stdout).toContain('Examples:');
    }
  });

  it("points a mistake in a subcommand at that subcommand's help", async () => {
    const { code, stderr } = await runCliCaptured(['status', '--verbose']);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown option '--verbose'");
    expect(stderr).toContain('run "messaging status --help" for its options and examples');
    const missing = await runCliCaptured(['backup']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing required argument 'file'");
    expect(missing.stderr).toContain('messaging backup --help');
  });

  it('says a file that is not a SQLite database is one, without a stack or "unexpected error"', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'these are my notes, not a database, and they are long enough to have a header'.repeat(10));
    const { code, stderr } = await runCliCaptured(['status', '--db', notes]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${notes} is not a SQLite database`);
    expect(stderr).not.toContain('unexpected error');
  });

  it('says which server it cannot reach, with the password hidden, instead of an unexpected error', async () => {
    // Port 1: nothing listens there, so the connection is refused at once.
    const { code, stderr } = await runCliCaptured(['status', '--postgres', 'postgres://app:s3cret@127.0.0.1:1/app']);
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot connect to postgres://app:***@127.0.0.1:1/app');
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).not.toContain('s3cret');
    expect(stderr).not.toContain('unexpected error');
  });

  it('explains a zero or unit-less retention period', async () => {
    for (const bad of ['0d', '90']) {
      const { code, stderr } = await runCliCaptured(['prune', '--older-than', bad, '--db', join(dir, 'never-opened.db')]);
      expect(code).toBe(1);
      expect(stderr).toContain(`--older-than "${bad}" is not a duration: use a whole number above 0 followed by h, d, w or y`);
    }
  });

  it('exits non-zero on an unknown command and says how to get help', async () => {
    const { code, stderr } = await runCliCaptured(['migrat']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/unknown command 'migrat'/);
  });
});
