import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ImportGraph, importCycles, layerViolations, type LayerRules, readImportGraph } from '../helpers/import-graph.js';

/**
 * docs/architecture.md and the tree show the same design, and stay that way: the layers import
 * downwards only, nothing imports in a circle, and every source path the docs name exists.
 */

const pkg = join(__dirname, '../..');
const src = join(pkg, 'src');
const repo = join(pkg, '../..');

/** The layers, lowest first (docs/architecture.md). cli sits beside http, over the services. */
const LAYER_ORDER = ['db', 'services', 'views', 'http'];
const TOP = ['create-messaging.ts', 'index.ts'];
/** The definitions every layer shares (the instance's context, options, error codes, events, logger). */
const DEFINITIONS = [
  'context.ts',
  'options.ts',
  'metrics-options.ts',
  'notification-options.ts',
  'notification-types.ts',
  'attachment-options.ts',
  'localization-options.ts',
  'errors.ts',
  'events.ts',
  'logger.ts',
];
const EVERYTHING = ['db', 'services', 'views', 'http', 'cli', 'browser', 'shared', 'catalogue', ...DEFINITIONS, ...TOP];

/** What each part of src/ must never import. */
const RULES: LayerRules = {
  shared: EVERYTHING.filter((part) => part !== 'shared'),
  // The words of every locale, as data: below everything, like the error codes.
  catalogue: EVERYTHING.filter((part) => part !== 'catalogue'),
  // The browser script runs in the browser: it shares no module with the server.
  browser: EVERYTHING.filter((part) => part !== 'browser'),
  db: ['services', 'views', 'http', 'cli', 'browser', 'context.ts', ...TOP],
  services: ['views', 'http', 'cli', 'browser', ...TOP],
  // views/assets embeds the compiled browser script.
  views: ['http', 'cli', ...TOP],
  http: ['cli', 'browser', ...TOP],
  cli: ['http', 'views', 'browser', ...TOP],
  // Below services: the services take their options and context from here, never the reverse.
  ...Object.fromEntries(DEFINITIONS.map((file) => [file, ['services', 'views', 'http', 'cli', 'browser', ...TOP]])),
  'create-messaging.ts': ['cli', 'index.ts'],
};

/** The imports across the rules that docs/architecture.md names: `messaging templates` copies the templates' sources (strings). */
const ALLOWED_ACROSS = ['cli/commands/templates.ts -> views/rendering/template-folder.ts', 'cli/commands/templates.ts -> views/rendering/template-registry.ts'];

function docFiles(): Array<{ path: string; text: string }> {
  const docs = readdirSync(join(repo, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return [...docs, 'README.md'].map((path) => ({ path, text: readFileSync(join(repo, path), 'utf8') }));
}

/** Source paths a doc names: `src/…` anywhere, and `db/…`, `services/…` (and the other parts) in backticks. */
function sourcePathsIn(text: string): string[] {
  const prefixed = [...text.matchAll(/(?:packages\/messaging\/)?\bsrc\/([\w./-]*[\w/])/g)].map((m) => m[1]!);
  const inTicks = [...text.matchAll(/`((?:db|services|views|http|cli|shared|catalogue|browser)\/[\w./-]*)`/g)].map((m) => m[1]!);
  // Bare file names too, as in the diagrams of docs/architecture.md.
  const bare = [...text.matchAll(/(?<![\w/.:-])((?:db|services|views|http|cli|shared|catalogue|browser)\/[\w./-]*\.ts)\b/g)].map((m) => m[1]!);
  return [...new Set([...prefixed, ...inTicks, ...bare])];
}

/** Folders of src/ that hold source files, as `services/conversations`. */
function sourceFolders(dir = src, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const path = `${prefix}${entry.name}`;
      const holdsSource = readdirSync(join(dir, entry.name)).some((name) => name.endsWith('.ts'));
      return [...(holdsSource ? [path] : []), ...sourceFolders(join(dir, entry.name), `${path}/`)];
    });
}

describe('the docs name the real tree', () => {
  it('every src/ path mentioned in docs/*.md and README.md exists', () => {
    const named = docFiles().flatMap(({ text }) => sourcePathsIn(text));
    expect(named.length, 'the path finder finds the paths the docs name').toBeGreaterThan(40);
    const missing = docFiles().flatMap(({ path, text }) =>
      sourcePathsIn(text)
        .filter((p) => !existsSync(join(src, p)))
        .map((p) => `${path}: src/${p}`),
    );
    expect(missing, 'a doc names a source path that moved or went away').toEqual([]);
  });

  it('docs/architecture.md describes every folder of src/ and the layers in their order', () => {
    const architecture = readFileSync(join(repo, 'docs/architecture.md'), 'utf8');
    const undescribed = sourceFolders().filter((folder) => !architecture.includes(`${folder}/`));
    expect(undescribed, 'describe these folders in docs/architecture.md').toEqual([]);
    expect(architecture).toContain(LAYER_ORDER.join(' → '));
  });
});

describe('the import graph of src/', () => {
  const graph = readImportGraph(src);

  it('is read whole: it sees the imports between layers', () => {
    expect(graph.get('index.ts')).toContain('create-messaging.ts');
    expect([...(graph.get('http/router.ts') ?? [])].some((to) => to.startsWith('http/'))).toBe(true);
  });

  it('has no layer importing a higher one', () => {
    expect(layerViolations(graph, RULES).filter((v) => !ALLOWED_ACROSS.includes(v))).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('catches a lower layer importing a higher one, and a cycle (the checks themselves)', () => {
    const bad: ImportGraph = new Map([
      ['db/schema.ts', new Set(['services/a.ts'])],
      ['services/a.ts', new Set(['services/b.ts', 'http/router.ts'])],
      ['services/b.ts', new Set(['services/a.ts'])],
      ['views/page.ts', new Set(['http/guards/csrf.ts'])],
      ['http/router.ts', new Set(['views/page.ts'])],
    ]);
    expect(layerViolations(bad, RULES)).toEqual(['db/schema.ts -> services/a.ts', 'services/a.ts -> http/router.ts', 'views/page.ts -> http/guards/csrf.ts']);
    expect(importCycles(bad)).toEqual([['services/a.ts', 'services/b.ts']]);
  });
});
