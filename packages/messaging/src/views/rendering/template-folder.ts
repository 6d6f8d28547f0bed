import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** One `.eta` file of a host's templates folder. */
export interface TemplateFile {
  /** Its template name: the path under the folder without `.eta`, with `/` (`conversations/inbox`). */
  name: string;
  /** Its path on disk. */
  file: string;
}

/**
 * Every `.eta` file under a host's templates folder, in name order. Other files (a README,
 * an editor's backup) are not templates and are left alone.
 */
export function templateFiles(dir: string): TemplateFile[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.isFile() && entry.name.endsWith('.eta') ? [path] : [];
    });
  return walk(dir)
    .map((file) => ({ name: relative(dir, file).split(sep).join('/').slice(0, -'.eta'.length), file }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Edits (insert, delete, replace) between two names: how far a typo is from the name meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, replace);
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The known name a misspelt one most likely meant (a few edits away, or the same file in another folder), if any. */
export function closestTemplateName(name: string, known: readonly string[]): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  let best: { name: string; edits: number } | undefined;
  for (const candidate of known) {
    const edits = distance(name, candidate);
    if (!best || edits < best.edits) best = { name: candidate, edits };
  }
  if (best && best.edits <= Math.max(2, Math.floor(name.length / 5))) return best.name;
  // `inbox.eta` at the top, or under the wrong concept: the same file name elsewhere.
  return known.find((candidate) => candidate.slice(candidate.lastIndexOf('/') + 1) === base);
}

/** The `@name` templates a template includes (`<%~ include('@partials/nav-link', it) %>`), without the `@`. */
export function includedTemplateNames(source: string): string[] {
  return [...new Set([...source.matchAll(/\binclude(?:Async)?\(\s*(['"`])@([^'"`]+)\1/g)].map((m) => m[2] ?? ''))];
}
