import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocCodeBlocks, type DocCheckResult, formatProblems, type MarkdownDoc, readRepoDocs, repoLayout } from '../helpers/doc-code-blocks.js';

/**
 * The code in README.md and docs/*.md is type-checked against src/, so an example that no longer
 * matches the API fails here instead of in a reader's editor. Markers for blocks that need
 * context are described in test/helpers/doc-code-blocks.ts.
 */

const layout = repoLayout();

/** Docs known to carry TypeScript examples: losing all of one's blocks is a bug of the extractor. */
const DOCS_WITH_EXAMPLES = ['README.md', 'docs/database.md', 'docs/host-integration.md', 'docs/live-updates.md', 'docs/observability.md'];

const CHECKED_LANGS = /^\s*(`{3,}|~{3,})\s*(ts|typescript|tsx|js|javascript|jsx|mjs|cjs|json)\b/i;

let docs: MarkdownDoc[];
let result: DocCheckResult;

// One TypeScript program over every doc's blocks: seconds on a quiet machine, far more when the
// database suites share its two cores, so the hook gets longer than the 30 s default.
beforeAll(() => {
  docs = readRepoDocs(layout.repoRoot);
  result = checkDocCodeBlocks(docs, layout);
}, 180_000);

describe('code blocks in the docs', () => {
  it('compile against the package source', () => {
    expect(formatProblems(result.problems), 'fix these doc blocks (or mark their context, see test/helpers/doc-code-blocks.ts)').toBe('');
  });

  it('are all found: every ts/js/json fence of every doc is checked or explicitly skipped', () => {
    expect(result.checked.length).toBeGreaterThan(0);
    for (const doc of docs) {
      const fences = doc.text.split('\n').filter((line) => CHECKED_LANGS.test(line)).length;
      const seen = result.checked.filter((at) => at.startsWith(`${doc.path}:`)).length + result.skipped.filter((s) => s.block.startsWith(`${doc.path}:`)).length;
      expect(seen, doc.path).toBe(fences);
    }
    const docsChecked = new Set(result.checked.map((at) => at.slice(0, at.lastIndexOf(':'))));
    for (const path of DOCS_WITH_EXAMPLES) expect(docsChecked, path).toContain(path);
  });

  it('skip rarely, and always with a reason', () => {
    for (const skip of result.skipped) expect(skip.reason.length, skip.block).toBeGreaterThan(3);
    expect(result.skipped.length).toBeLessThanOrEqual(Math.max(1, Math.floor(result.checked.length / 5)));
  });
});

describe('the doc block checker', () => {
  const check = (text: string) => checkDocCodeBlocks([{ path: 'docs/fixture.md', text }], layout);

  it('reports a misspelled option at its doc line, and passes the same block spelled right', () => {
    const block = (option: string) =>
      [
        '# Fixture',
        '',
        '```ts',
        "import { createMessaging } from '@org/messaging';",
        'const messaging = createMessaging({',
        `  ${option}: { sqlite: ':memory:' },`,
        '  users: { getUsers: () => [] },',
        '  currentUserId: (req) => req.session.userId,',
        '});',
        '```',
        '',
      ].join('\n');
    const broken = check(block('databse'));
    expect(broken.checked).toEqual(['docs/fixture.md:3']);
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatchObject({ where: 'docs/fixture.md:6:3', block: 'docs/fixture.md:3' });
    expect(broken.problems[0]!.message).toMatch(/TS2561.*'databse'.*'database'/);
    expect(check(block('database')).problems).toEqual([]);
  });

  it('reports a call to a method the instance does not have, and an unknown name without a prelude', () => {
    const text = ['<!-- doc-check: prelude messaging -->', '```ts', 'await messaging.explode();', '```', '', '```js', 'app.use(messaging.router);', '```'].join('\n');
    const { problems } = check(text);
    expect(problems.map((p) => p.where)).toEqual(['docs/fixture.md:3:17', 'docs/fixture.md:7:1', 'docs/fixture.md:7:9']);
    expect(problems[0]!.message).toMatch(/TS2339.*'explode'/);
    expect(problems[1]!.message).toMatch(/Cannot find name 'app'/);
    expect(problems[2]!.message).toMatch(/Cannot find name 'messaging'/);
  });

  it('joins a continuing block to the one before it, and checks json blocks', () => {
    const text = [
      '<!-- doc-check: prelude options-fragment -->',
      '```ts',
      'const messaging = createMessaging({ limits: { maxMessageLength: 500 } });',
      '```',
      'Then:',
      '<!-- doc-check: continues -->',
      '```ts',
      'const off: number = messaging.metrics().messagesSent;',
      'const wrong: string = messaging.metrics().messagesSent;',
      '```',
      '```json',
      '{ "a": 1, }',
      '```',
    ].join('\n');
    const { checked, problems } = check(text);
    expect(checked.sort()).toEqual(['docs/fixture.md:11', 'docs/fixture.md:2', 'docs/fixture.md:7']);
    expect(problems.map((p) => [p.where, p.message.slice(0, 14)])).toEqual([
      ['docs/fixture.md:11', 'invalid JSON: '],
      ['docs/fixture.md:9:7', "TS2322: Type '"],
    ]);
  });

  it('refuses markers it does not understand or that mark nothing', () => {
    const text = [
      '<!-- doc-check: prelude nosuchthing -->',
      '```ts',
      'export {};',
      '```',
      '<!-- doc-check: skip -->',
      '```ts',
      'export {};',
      '```',
      '<!-- doc-check: skip (shows a shell session) -->',
      '```sh',
      'npx messaging enable',
      '```',
      '<!-- doc-check: continues -->',
      '',
      'prose',
    ].join('\n');
    const result = check(text);
    expect(result.problems.map((p) => p.message)).toEqual([
      'unknown prelude "nosuchthing" (known: app, host, messaging, options-fragment)',
      'unknown doc-check marker "skip" (use: prelude <names>, continues, skip (<reason>))',
      'doc-check markers only apply to TypeScript/JavaScript/JSON blocks, not ```sh',
      'doc-check marker "continues" is not right before a code fence',
    ]);
    expect(result.checked).toEqual(['docs/fixture.md:2', 'docs/fixture.md:6']);
  });
});
