import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Type-checks the fenced code blocks of the Markdown docs against the package's real source,
 * so that an example cannot drift from the API it shows.
 *
 * Every ```ts / ```js block (typescript, javascript, tsx, jsx, mjs, cjs too) becomes a module of
 * its own in one ts.Program; `@org/messaging` (and the package's other `exports`) resolve to
 * src/, other imports to the node_modules of the package, then of the examples. ```json blocks
 * are JSON.parse-checked. Other languages (sh, text, sql, html…) are left alone.
 *
 * A block that cannot stand alone says so in an HTML comment on the line right before its fence
 * (GitHub does not render it). One directive per comment; stack comments for several:
 *
 *   <!-- doc-check: prelude app, messaging -->   prepend the named PRELUDES (declarations only)
 *   <!-- doc-check: continues -->                same module as the previous checked block of the file
 *   <!-- doc-check: skip (why it cannot be checked) -->   not checked; the reason is required
 *
 * A continued module gets the preludes of all its blocks. Errors name the doc line and column.
 */

/** What a prelude may give a block: names the surrounding text of the doc takes for granted. */
const PRELUDES: Record<string, string> = {
  /** The host's Express app. */
  app: `declare const app: import('express').Express;`,
  /** The host's own code the examples call: its data layer, layout, mailer and pg pool. */
  host: [
    `declare const db: {`,
    `  users: {`,
    `    findMany(where: { id: number[] }): Promise<Array<{ id: number; name: string; username: string; avatarUrl: string | null }>>;`,
    `    update(id: string, fields: Record<string, unknown>): Promise<void>;`,
    `  };`,
    `};`,
    `declare const userRepo: {`,
    `  findMany(ids: number[]): Promise<Array<{ id: number; displayName: string; profileUrl?: string }>>;`,
    `  searchByName(query: string, options: { limit: number; excluding: string }): Promise<Array<{ id: number; displayName: string; profileUrl?: string }>>;`,
    `};`,
    `declare function myLayout(page: { title: string; content: string; user: unknown }): string;`,
    `declare const mailer: { queueDigest(recipientIds: string[], threadId: string): void };`,
    `declare const myPgPool: import('pg').Pool;`,
  ].join('\n'),
  /** An instance made earlier in the doc (`const messaging = createMessaging(…)`). */
  messaging: `declare const messaging: import('@org/messaging').Messaging;`,
  /**
   * For blocks that show a few options and elide the rest with `// …`: createMessaging with the
   * real option types, every option optional (misspelled or mistyped options still fail).
   */
  'options-fragment': `declare function createMessaging(options: Partial<import('@org/messaging').MessagingOptions>): import('@org/messaging').Messaging;`,
};

/**
 * Modules the docs import that the workspace does not install, declared with the shape the docs
 * use. A shim is added only while its module cannot be resolved, so an installed package wins.
 */
const MODULE_SHIMS: Record<string, string> = {
  pino: [
    `declare module 'pino' {`,
    `  interface Logger {`,
    `    info(obj: object, msg?: string): void;`,
    `    warn(obj: object, msg?: string): void;`,
    `    error(obj: object, msg?: string): void;`,
    `    child(bindings: object): Logger;`,
    `  }`,
    `  export default function pino(options?: object): Logger;`,
    `}`,
  ].join('\n'),
  // docs/notifications.md's push recipe.
  'web-push': [
    `declare module 'web-push' {`,
    `  export interface PushSubscription { endpoint: string; keys: { p256dh: string; auth: string } }`,
    `  export interface RequestOptions { TTL?: number; urgency?: 'very-low' | 'low' | 'normal' | 'high'; topic?: string }`,
    `  export function setVapidDetails(subject: string, publicKey: string, privateKey: string): void;`,
    `  export function sendNotification(subscription: PushSubscription, payload?: string | Buffer | null, options?: RequestOptions): Promise<{ statusCode: number; body: string }>;`,
    `  const webpush: { setVapidDetails: typeof setVapidDetails; sendNotification: typeof sendNotification };`,
    `  export default webpush;`,
    `}`,
  ].join('\n'),
  // docs/attachments.md's S3 recipe (not installed here: no S3-compatible server runs on this machine).
  '@aws-sdk/client-s3': [
    `declare module '@aws-sdk/client-s3' {`,
    `  export class S3Client { constructor(config: { region?: string; endpoint?: string; forcePathStyle?: boolean }); send(command: object): Promise<any>; }`,
    `  export class GetObjectCommand { constructor(input: { Bucket: string; Key: string }); }`,
    `  export class DeleteObjectCommand { constructor(input: { Bucket: string; Key: string }); }`,
    `  export class NoSuchKey extends Error {}`,
    `}`,
  ].join('\n'),
  '@aws-sdk/lib-storage': [
    `declare module '@aws-sdk/lib-storage' {`,
    `  export class Upload {`,
    `    constructor(options: { client: import('@aws-sdk/client-s3').S3Client; params: { Bucket: string; Key: string; Body: unknown; ContentType?: string } });`,
    `    done(): Promise<unknown>;`,
    `  }`,
    `}`,
  ].join('\n'),
};

/**
 * The host every doc takes for granted: express-session holds the signed-in member, with the
 * fields the examples read, declared the way a TypeScript host declares them (the callbacks'
 * `req` is express's `Request`). Added while express-session resolves (the example app has it).
 */
const HOST_SESSION = [`import 'express-session';`, `declare module 'express-session' {`, `  interface SessionData { userId: number; role: string }`, `}`].join('\n');

const TS_EXTENSIONS: Record<string, string> = {
  ts: 'ts',
  typescript: 'ts',
  tsx: 'tsx',
  js: 'js',
  javascript: 'js',
  jsx: 'jsx',
  mjs: 'mjs',
  cjs: 'cjs',
};

export interface MarkdownDoc {
  /** Path relative to the repository root, with forward slashes: it names the blocks. */
  path: string;
  text: string;
}

export interface CodeBlock {
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** The lines between the fences, with the fence's indentation removed. */
  lines: string[];
  indent: number;
  preludes: string[];
  continues: boolean;
  skip?: string;
}

export interface DocProblem {
  /** `doc:line[:column]` of the problem. */
  where: string;
  /** `doc:line` of the fence of the block (or of the marker) it belongs to. */
  block: string;
  message: string;
}

export interface DocCheckResult {
  blocks: CodeBlock[];
  /** The blocks that were type-checked or parsed, as `doc:line`. */
  checked: string[];
  skipped: Array<{ block: string; reason: string }>;
  problems: DocProblem[];
}

const MARKER = /^\s*<!--\s*doc-check:\s*(.*?)\s*-->\s*$/;
const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;

/** README.md, the package's own README (published with it) and docs/*.md of the repository. */
export function readRepoDocs(repoRoot: string): MarkdownDoc[] {
  const docsDir = join(repoRoot, 'docs');
  const paths = [
    'README.md',
    'packages/messaging/README.md',
    ...readdirSync(docsDir)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => `docs/${name}`),
  ];
  return paths.map((path) => ({ path, text: readFileSync(join(repoRoot, path), 'utf8') }));
}

/** The fenced code blocks of one doc with their markers, plus any misuse of the markers. */
function extractCodeBlocks(doc: MarkdownDoc): { blocks: CodeBlock[]; problems: DocProblem[] } {
  const lines = doc.text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  const problems: DocProblem[] = [];
  let pending: Array<{ line: number; directive: string }> = [];
  const complain = (line: number, message: string) => problems.push({ where: `${doc.path}:${line}`, block: `${doc.path}:${line}`, message });

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const marker = MARKER.exec(text);
    if (marker) {
      pending.push({ line: i + 1, directive: marker[1]! });
      continue;
    }
    const open = FENCE_OPEN.exec(text);
    if (!open) {
      for (const orphan of pending) complain(orphan.line, `doc-check marker "${orphan.directive}" is not right before a code fence`);
      pending = [];
      continue;
    }
    const indent = open[1]!.length;
    const fence = open[2]!;
    const lang = (/^[A-Za-z0-9_+-]*/.exec(open[3]!)?.[0] ?? '').toLowerCase();
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j]!)) {
      body.push(lines[j]!.replace(new RegExp(`^ {0,${indent}}`), ''));
      j++;
    }
    if (j >= lines.length) complain(i + 1, 'code fence is never closed');
    const block: CodeBlock = { doc: doc.path, line: i + 1, lang, lines: body, indent, preludes: [], continues: false };
    for (const { line, directive } of pending) {
      const prelude = /^prelude\s+(.+)$/.exec(directive);
      const skip = /^skip\s*\((.*)\)$/.exec(directive);
      if (prelude) block.preludes.push(...prelude[1]!.split(/[\s,]+/).filter(Boolean));
      else if (directive === 'continues') block.continues = true;
      else if (skip && skip[1]!.trim()) block.skip = skip[1]!.trim();
      else complain(line, `unknown doc-check marker "${directive}" (use: prelude <names>, continues, skip (<reason>))`);
    }
    const checkable = Boolean(TS_EXTENSIONS[lang]) || lang === 'json';
    if (!checkable && pending.length > 0) complain(pending[0]!.line, `doc-check markers only apply to TypeScript/JavaScript/JSON blocks, not \`\`\`${lang || '(none)'}`);
    else if (!TS_EXTENSIONS[lang] && (block.preludes.length > 0 || block.continues)) complain(pending[0]!.line, 'prelude and continues only apply to TypeScript/JavaScript blocks');
    for (const name of block.preludes) if (!PRELUDES[name]) complain(block.line, `unknown prelude "${name}" (known: ${Object.keys(PRELUDES).join(', ')})`);
    pending = [];
    blocks.push(block);
    i = j;
  }
  for (const orphan of pending) complain(orphan.line, `doc-check marker "${orphan.directive}" is not right before a code fence`);
  return { blocks, problems };
}

interface Segment {
  /** First line of the segment in the virtual file (0-based). */
  start: number;
  lineCount: number;
  block?: CodeBlock;
  prelude?: string;
}

interface VirtualModule {
  fileName: string;
  text: string;
  first: CodeBlock;
  segments: Segment[];
}

/** Joins `continues` blocks to the block before them and prepends the preludes. */
function buildModules(blocks: CodeBlock[], repoRoot: string, problems: DocProblem[]): VirtualModule[] {
  const groups: CodeBlock[][] = [];
  let previous: { doc: string; group: CodeBlock[] } | undefined;
  for (const block of blocks) {
    if (!TS_EXTENSIONS[block.lang]) continue;
    if (block.skip !== undefined) {
      // Whatever continues a skipped block has nothing to continue.
      previous = undefined;
      continue;
    }
    if (block.continues) {
      if (previous?.doc !== block.doc) {
        problems.push({
          where: `${block.doc}:${block.line}`,
          block: `${block.doc}:${block.line}`,
          message: 'doc-check "continues" but no checked block comes before it in this file',
        });
        continue;
      }
      previous.group.push(block);
      continue;
    }
    const group = [block];
    groups.push(group);
    previous = { doc: block.doc, group };
  }

  return groups.map((group) => {
    const first = group[0]!;
    const extension = TS_EXTENSIONS[first.lang]!;
    const segments: Segment[] = [];
    const lines: string[] = [];
    const preludeNames = [...new Set(group.flatMap((b) => b.preludes))].filter((name) => PRELUDES[name]);
    for (const name of preludeNames) {
      const text = PRELUDES[name]!.split('\n');
      segments.push({ start: lines.length, lineCount: text.length, prelude: name });
      lines.push(...text);
    }
    for (const block of group) {
      if (TS_EXTENSIONS[block.lang] !== extension) {
        problems.push({ where: `${block.doc}:${block.line}`, block: `${block.doc}:${block.line}`, message: `continues a \`\`\`${first.lang} block with \`\`\`${block.lang}` });
      }
      segments.push({ start: lines.length, lineCount: block.lines.length, block });
      lines.push(...block.lines);
    }
    // A virtual file next to the doc, named after it; never written to disk.
    const fileName = join(repoRoot, `${first.doc}.L${first.line}.${extension}`);
    return { fileName, text: `${lines.join('\n')}\n`, first, segments };
  });
}

/** Maps each import name of the package's `exports` (e.g. `@org/messaging`) to its file in src/. */
function packageEntryPoints(packageDir: string): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string; exports?: Record<string, unknown> };
  const entries = new Map<string, string>();
  const firstTarget = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object')
      for (const inner of Object.values(value)) {
        const found = firstTarget(inner);
        if (found) return found;
      }
    return undefined;
  };
  for (const [subpath, value] of Object.entries(pkg.exports ?? { '.': './dist/index.js' })) {
    const target = firstTarget(value);
    if (!target) continue;
    const name = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
    const source = target.replace(/^\.\/dist\/(.*?)(\.d)?\.(c|m)?(js|ts)$/, './src/$1.ts');
    const file = join(packageDir, source);
    if (existsSync(file)) entries.set(name, file);
  }
  return entries;
}

// Parsed declaration files (lib, @types, src) are the same for every check: parse them once.
const sourceFileCache = new Map<string, ts.SourceFile>();

export interface CheckOptions {
  /** The package whose src/ answers `@org/messaging`; its tsconfig.json gives the compiler options. */
  packageDir: string;
  /** The repository root; doc paths are relative to it. */
  repoRoot: string;
  /** Where imports of the blocks are looked up, in order, after the package itself. */
  resolveFrom?: string[];
}

/** Checks every code block of `docs` in one ts.Program; problems name the doc line. */
export function checkDocCodeBlocks(docs: MarkdownDoc[], options: CheckOptions): DocCheckResult {
  const problems: DocProblem[] = [];
  const blocks: CodeBlock[] = [];
  for (const doc of docs) {
    const extracted = extractCodeBlocks(doc);
    blocks.push(...extracted.blocks);
    problems.push(...extracted.problems);
  }
  const at = (block: CodeBlock) => `${block.doc}:${block.line}`;
  const checked: string[] = [];
  const skipped = blocks.filter((b) => b.skip !== undefined && (TS_EXTENSIONS[b.lang] || b.lang === 'json')).map((b) => ({ block: at(b), reason: b.skip! }));

  for (const block of blocks) {
    if (block.lang !== 'json' || block.skip !== undefined) continue;
    checked.push(at(block));
    try {
      JSON.parse(block.lines.join('\n'));
    } catch (error) {
      problems.push({ where: at(block), block: at(block), message: `invalid JSON: ${(error as Error).message}` });
    }
  }

  const modules = buildModules(blocks, options.repoRoot, problems);
  for (const module of modules) for (const segment of module.segments) if (segment.block) checked.push(at(segment.block));
  problems.push(...typeCheck(modules, options));
  return { blocks, checked, skipped, problems };
}

function typeCheck(modules: VirtualModule[], options: CheckOptions): DocProblem[] {
  const { packageDir } = options;
  const configPath = join(packageDir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, packageDir, undefined, configPath);
  // rootDir would refuse the virtual files, which live next to the docs.
  const { rootDir: _rootDir, ...packageOptions } = parsed.options;
  const compilerOptions: ts.CompilerOptions = {
    ...packageOptions,
    noEmit: true,
    allowJs: true,
    checkJs: true,
    jsx: ts.JsxEmit.Preserve,
    // Each block is a module of its own even without import/export, so names never clash.
    moduleDetection: ts.ModuleDetectionKind.Force,
    // A doc block declares names to show them; exactOptionalPropertyTypes stays, as a host may use it.
    noUnusedLocals: false,
    noUnusedParameters: false,
  };

  const entryPoints = packageEntryPoints(packageDir);
  const lookupDirs = [packageDir, ...(options.resolveFrom ?? [])];
  const virtual = new Map(modules.map((m) => [m.fileName, m]));
  const host = ts.createCompilerHost(compilerOptions, true);
  const moduleCache = ts.createModuleResolutionCache(packageDir, host.getCanonicalFileName, compilerOptions);
  const resolveFromLookupDirs = (name: string, mode: ts.ResolutionMode) => {
    let last: ts.ResolvedModuleWithFailedLookupLocations | undefined;
    for (const dir of lookupDirs) {
      last = ts.resolveModuleName(name, join(dir, '__doc-block__.ts'), compilerOptions, host, moduleCache, undefined, mode);
      if (last.resolvedModule) return last;
    }
    return last!;
  };

  const shims = Object.entries(MODULE_SHIMS).filter(([name]) => !resolveFromLookupDirs(name, undefined).resolvedModule);
  const shimFile = join(options.repoRoot, '__doc-check-shims__.d.ts');
  const shimText = shims.map(([, text]) => text).join('\n');
  // A module of its own (it imports), apart from the shims' ambient declarations.
  const hostFile = join(options.repoRoot, '__doc-check-host__.d.ts');
  const hostText = resolveFromLookupDirs('express-session', undefined).resolvedModule ? HOST_SESSION : '';
  const extra = new Map(
    (
      [
        [shimFile, shimText],
        [hostFile, hostText],
      ] as Array<[string, string]>
    ).filter(([, text]) => text !== ''),
  );

  const originalGetSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const module = virtual.get(fileName);
    if (module) return ts.createSourceFile(fileName, module.text, languageVersion, true);
    if (extra.has(fileName)) return ts.createSourceFile(fileName, extra.get(fileName)!, languageVersion, true);
    const cached = sourceFileCache.get(fileName);
    if (cached) return cached;
    const file = originalGetSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (file) sourceFileCache.set(fileName, file);
    return file;
  };
  const originalFileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual.has(fileName) || extra.has(fileName) || originalFileExists(fileName);
  const originalReadFile = host.readFile.bind(host);
  host.readFile = (fileName) => virtual.get(fileName)?.text ?? extra.get(fileName) ?? originalReadFile(fileName);
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, resolutionOptions, containingSourceFile) =>
    literals.map((literal) => {
      const entry = entryPoints.get(literal.text);
      if (entry) return { resolvedModule: { resolvedFileName: entry, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, resolutionOptions);
      if (virtual.has(containingFile) || extra.has(containingFile)) return resolveFromLookupDirs(literal.text, mode);
      return ts.resolveModuleName(literal.text, containingFile, resolutionOptions, host, moduleCache, redirectedReference, mode);
    });

  const program = ts.createProgram({ rootNames: [...virtual.keys(), ...extra.keys()], options: compilerOptions, host });
  const problems: DocProblem[] = [];
  for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    problems.push({ where: '(compiler setup)', block: '(compiler setup)', message: describe(diagnostic) });
  }
  for (const module of modules) {
    const sourceFile = program.getSourceFile(module.fileName)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    for (const diagnostic of diagnostics) problems.push(locate(module, diagnostic));
  }
  return problems;
}

function describe(diagnostic: ts.Diagnostic): string {
  return `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
}

/** Names the doc line (and column) of a diagnostic in a virtual module. */
function locate(module: VirtualModule, diagnostic: ts.Diagnostic): DocProblem {
  const first = `${module.first.doc}:${module.first.line}`;
  if (!diagnostic.file || diagnostic.start === undefined) return { where: first, block: first, message: describe(diagnostic) };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const segment = module.segments.find((s) => line >= s.start && line < s.start + Math.max(s.lineCount, 1)) ?? module.segments.at(-1)!;
  if (segment.prelude) return { where: `${first} (prelude ${segment.prelude})`, block: first, message: describe(diagnostic) };
  const block = segment.block!;
  const docLine = block.line + 1 + (line - segment.start);
  return { where: `${block.doc}:${docLine}:${character + 1 + block.indent}`, block: `${block.doc}:${block.line}`, message: describe(diagnostic) };
}

/** One line per problem, for a failing assertion's message. */
export function formatProblems(problems: DocProblem[]): string {
  return problems.map((p) => `${p.where}  ${p.message.replace(/\n/g, '\n    ')}`).join('\n');
}

/** The repository root and the package directory, seen from this file. */
export function repoLayout(): { repoRoot: string; packageDir: string; resolveFrom: string[] } {
  const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const repoRoot = join(packageDir, '..', '..');
  const examplesDir = join(repoRoot, 'examples');
  const resolveFrom = existsSync(examplesDir)
    ? readdirSync(examplesDir)
        .map((name) => join(examplesDir, name))
        .filter((dir) => existsSync(join(dir, 'node_modules')))
    : [];
  return { repoRoot, packageDir, resolveFrom };
}
