import type { CliIo } from './io.js';

/** A progress indicator on stderr (stdout stays clean for data such as an export). */
export interface Progress {
  /** Reports `done` of `total` (total may be unknown: 0). */
  update(done: number, total: number): void;
  /** Ends the indicator (clears the bar on a terminal). */
  done(): void;
}

/** How often a non-terminal stderr (a log file, CI) gets a progress line. */
const LINE_EVERY_MS = 5_000;
const BAR_WIDTH = 24;

/**
 * On a terminal: one line redrawn in place, at most ten times a second. Elsewhere: a plain
 * line every few seconds, so logs show that a long job is alive without filling up.
 */
export function createProgress(io: CliIo, label: string, unit: string): Progress {
  let last = 0;
  let drawn = false;
  const text = (done: number, total: number) => {
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : undefined;
    return { pct, counts: total > 0 ? `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${unit}` : `${done.toLocaleString('en-US')} ${unit}` };
  };
  return {
    update(done, total) {
      const now = Date.now();
      const { pct, counts } = text(done, total);
      if (io.errTty) {
        if (now - last < 100 && done < total) return;
        last = now;
        const filled = pct === undefined ? 0 : Math.round((pct / 100) * BAR_WIDTH);
        const bar = pct === undefined ? '' : `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(pct).padStart(3)}% `;
        io.errTty(`\r\x1b[2K${label} ${bar}${counts}`);
        drawn = true;
        return;
      }
      if (last === 0) last = now;
      if (now - last < LINE_EVERY_MS) return;
      last = now;
      io.err(`${label}: ${pct === undefined ? '' : `${pct}%, `}${counts}`);
    },
    done() {
      if (io.errTty && drawn) io.errTty('\r\x1b[2K');
      drawn = false;
    },
  };
}
