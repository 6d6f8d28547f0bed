import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * The import graph of src/, read with a regular expression over import and export lines (and
 * dynamic `import('…')`): enough for relative imports, which are the only ones between the
 * package's own files. Keys and targets are paths relative to src/, with `/` separators.
 */
export type ImportGraph = Map<string, Set<string>>;

const IMPORT = /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.[^'"]+)['"]|^\s*import\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/gm;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const posix = (path: string) => path.split(sep).join('/');

export function readImportGraph(srcDir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of tsFiles(srcDir)) {
    const from = posix(relative(srcDir, file));
    const targets = new Set<string>();
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2] ?? match[3] ?? '').replace(/\?.*$/, '');
      targets.add(posix(normalize(join(dirname(from), specifier))).replace(/\.js$/, '.ts'));
    }
    graph.set(from, targets);
  }
  return graph;
}

/** What a file of src/ belongs to: its top folder (`db`, `services`, …), or the file itself at the top. */
function partOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : path;
}

/** `part` must never import any of `forbidden`. */
export type LayerRules = Record<string, readonly string[]>;

/** Every import that breaks a rule, as `from -> to`. */
export function layerViolations(graph: ImportGraph, rules: LayerRules): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    const forbidden = rules[partOf(from)] ?? [];
    for (const to of targets) if (forbidden.includes(partOf(to))) found.push(`${from} -> ${to}`);
  }
  return found.sort();
}

/** The import cycles of the graph (strongly connected groups of two files or more, or a file importing itself). */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || graph.get(v)?.has(v)) cycles.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
