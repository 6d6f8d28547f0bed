import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from './helpers.js';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * `pnpm start` (src/server.ts) on a port another process holds: it must stop with a non-zero
 * exit code and say which port and how to pick another, not claim that it started.
 * Runs the real entry point in a child process (on the built package, as `pnpm start` does).
 */
describe('the example server on a port that is taken', () => {
  it('exits non-zero naming the port and the PORT= fix', async () => {
    const blocker = createServer();
    blocker.listen(0);
    await once(blocker, 'listening');
    cleanups.push(() => new Promise<void>((done) => blocker.close(() => done())));
    const { port } = blocker.address() as AddressInfo;
    const data = tempDataDir();
    cleanups.push(data.remove);

    const child = spawn(tsx, ['src/server.ts'], {
      cwd: exampleDir,
      env: { ...process.env, PORT: String(port), DATA_DIR: data.dir, SESSION_SECRET: 'test-secret' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // A server that wrongly keeps running is stopped here, so the test fails instead of hanging.
    const stop = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code] = (await once(child, 'exit')) as [number | null];
    clearTimeout(stop);

    expect(output).not.toContain('Example app on http://');
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain(`port ${port}`);
    expect(output).toContain('PORT=');
  }, 60_000);
});
