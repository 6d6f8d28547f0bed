import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../helpers/test-database.js';

/**
 * The package as a host gets it: `pnpm pack`, then ONE `npm install` of the tarball into a
 * fresh app folder holding a CommonJS, an ES module and a TypeScript host (module nodenext,
 * strict, library types checked). Each mounts the router and answers a request. They use the
 * `pg` driver against the test Postgres, so the install builds nothing native.
 */
const root = join(__dirname, '../..');
const fixtures = join(__dirname, '../package/consumer');
const dir = mkdtempSync(join(tmpdir(), 'messaging-consumers-'));
const schemas: string[] = [];

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
});

/**
 * The environment of a fresh shell: without the NODE_PATH that pnpm's scripts set (it would
 * let the host apps find the workspace's packages, prom-client included) and without the
 * npm_* settings of the script running this test.
 */
const hostEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_PATH' && !/^npm_/i.test(key) && !/^PNPM_/i.test(key)));

/** Runs a command; a failure throws with what the command printed (compiler errors, npm's reason). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...hostEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 150_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim());
  }
}

describe('the packed package in fresh host apps', () => {
  it('installs from the tarball and works from CommonJS, ESM and TypeScript (nodenext)', { timeout: 240_000 }, () => {
    const dev = JSON.parse(run('node', ['-p', 'JSON.stringify(require("./package.json").devDependencies)'], root));
    run('pnpm', ['pack', '--pack-destination', dir], root);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball, 'pnpm pack wrote a tarball').toBeDefined();
    // What a host gets: both bundles, both type entry points and the command (a build running
    // elsewhere in the tree while packing shows up here, not as a confusing compile error).
    const packed = run('tar', ['tzf', join(dir, tarball!)], dir).split('\n');
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.cjs', 'package.json']) {
      expect(packed, `the tarball holds ${file}`).toContain(`package/${file}`);
    }

    const app = join(dir, 'app');
    rmSync(app, { recursive: true, force: true });
    run('mkdir', ['-p', app], dir);
    for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(app, file));
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'host-app',
        private: true,
        type: 'module',
        dependencies: {
          '@org/messaging': `file:../${tarball}`,
          express: dev.express,
          pg: dev.pg,
          typescript: dev.typescript,
          '@types/express': dev['@types/express'],
          '@types/node': dev['@types/node'],
        },
      }),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
    // The TypeScript host: type-checks against the shipped declarations (both conditions), then runs.
    run(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app);

    for (const [name, entry] of [
      ['cjs', 'app.cjs'],
      ['esm', 'app.mjs'],
      ['ts', 'dist/app.js'],
    ] as const) {
      const schema = `msg_consumer_${name}_${process.pid}`;
      schemas.push(schema);
      const out = run('node', [entry], app, { DATABASE_URL: TEST_POSTGRES_URL, SCHEMA: schema }).trim().split('\n').pop()!;
      const result = JSON.parse(out);
      expect(result, `${name}: ${out}`).toMatchObject({ app: name, status: 404, body: { error: { code: 'messaging_disabled' } } });
      if (name !== 'ts') expect(result.promClient, name).toContain('needs the "prom-client" package');
    }
  });
});
