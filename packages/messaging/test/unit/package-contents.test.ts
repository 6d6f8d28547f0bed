import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What `npm publish` would put in the tarball (`npm pack --dry-run`): the README and LICENSE a
 * host reads in node_modules, the docs the CLI and the README point to, and a `messaging` bin
 * that exists before the build (pnpm links it at install time).
 */
const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
let packed: string[];

beforeAll(() => {
  // The environment of a fresh shell: pnpm's npm_* settings would confuse npm.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  packed = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
}, 90_000);

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the published tarball', () => {
  it('carries the README and the MIT LICENSE of the license field', () => {
    expect(packed).toContain('README.md');
    expect(packed).toContain('LICENSE');
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('holds every doc the messaging command mentions (help texts and messages)', () => {
    const mentioned = new Set<string>();
    for (const file of sources(join(root, 'src/cli'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:node_modules\/@org\/messaging\/)?((?:docs\/)?[\w.-]+\.md)\b/g)) mentioned.add(match[1]!);
    }
    expect([...mentioned], 'the CLI points to the operations guide').toContain('docs/operations.md');
    for (const doc of mentioned) expect(packed, `${doc}, mentioned by src/cli`).toContain(doc);
  });

  it('links only to files it holds, from the README and the docs it ships', () => {
    const markdown = packed.filter((path) => path.endsWith('.md'));
    expect(markdown.length).toBeGreaterThan(5);
    for (const path of markdown) {
      const text = readFileSync(join(root, path), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        const resolved = posix.normalize(posix.join(posix.dirname(path), target!));
        expect(packed, `${path} links to ${target}`).toContain(resolved);
      }
    }
  });
});

describe('the messaging bin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'messaging-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a committed file, so that an install links it before any build', () => {
    const tracked = execFileSync('git', ['ls-files', '--error-unmatch', pkg.bin.messaging], { cwd: root, encoding: 'utf8' }).trim();
    expect(tracked).toBe(posix.normalize(pkg.bin.messaging));
    expect(packed).toContain(posix.normalize(pkg.bin.messaging));
  });

  it('says to build the package when dist/ is missing', () => {
    const bin = join(dir, pkg.bin.messaging);
    mkdirSync(dirname(bin), { recursive: true });
    copyFileSync(join(root, pkg.bin.messaging), bin);
    const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/dist\/cli\.cjs is missing: build the package first \(pnpm --filter @org\/messaging build\)/);
  });
});
