import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Lines of src matching `pattern`, as "file:line: text". */
function linesMatching(pattern: RegExp): string[] {
  return sourceFiles(SRC).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('one way to wire an instance', () => {
  it('builds each part once in createMessaging and passes it in: nothing is looked up on the context at run time', () => {
    expect(linesMatching(/\bperContext\b/)).toEqual([]);
    expect(linesMatching(/\b\w+Of\(ctx\)/)).toEqual([]);
  });

  it('reads and writes messaging_settings in the settings store only', () => {
    // (forgetting a member also blanks their name as an actor there, inside its own transaction)
    const users = sourceFiles(SRC)
      .filter((file) => /\.(insertInto|selectFrom|deleteFrom)\('messaging_settings'\)/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(users).toEqual(['services/settings/settings-store.ts']);
  });
});
