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
    for (const sub of ['migrate', 'status']) {
      const help = await runCliCaptured([sub, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: messaging ${sub}`);
      expect(help.stdout).toContain('Examples:');
    }
  });

  it('exits non-zero on an unknown command and says how to get help', async () => {
    const { code, stderr } = await runCliCaptured(['migrat']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/unknown command 'migrat'/);
  });
});
