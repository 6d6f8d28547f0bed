import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { createProgress } from '../../src/cli/progress.js';

function io(tty: boolean) {
  const err: string[] = [];
  const drawn: string[] = [];
  const value: CliIo = { out: () => {}, err: (l) => err.push(l), env: {}, ...(tty ? { errTty: (t: string) => void drawn.push(t) } : {}) };
  return { io: value, err, drawn };
}

describe('the progress indicator', () => {
  it('on a terminal redraws one line with a bar and clears it at the end', () => {
    const t = io(true);
    const progress = createProgress(t.io, 'Pruning', 'messages');
    progress.update(500, 1000);
    progress.update(1000, 1000);
    progress.done();
    expect(t.drawn[0]).toMatch(/^\r\x1b\[2KPruning \[#{12}-{12}\] {2}50% 500 of 1,000 messages$/);
    expect(t.drawn).toContain('\r\x1b[2KPruning [########################] 100% 1,000 of 1,000 messages');
    expect(t.drawn.at(-1)).toBe('\r\x1b[2K');
    expect(t.err).toEqual([]);
  });

  it('clears the line only once when ended twice (a command ends it on success and again in its finally)', () => {
    const t = io(true);
    const progress = createProgress(t.io, 'Backing up', 'pages');
    progress.update(1, 10);
    progress.done();
    progress.done();
    expect(t.drawn.filter((d) => d === '\r\x1b[2K')).toHaveLength(1);
  });

  it('elsewhere (a log, CI) never draws, and prints nothing for a job that ends within seconds', () => {
    const t = io(false);
    const progress = createProgress(t.io, 'Exporting', 'threads');
    for (let i = 1; i <= 100; i++) progress.update(i, 100);
    progress.done();
    expect(t.drawn).toEqual([]);
    expect(t.err).toEqual([]);
  });
});
