import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LATEST_SCHEMA_VERSION, type MessagingOptions } from '@org/messaging';
import { type DatasetSize, GENERATOR_VERSION } from './dataset-plan.js';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = join(BENCH_DIR, '..');
export const DATA_DIR = join(BENCH_DIR, '.data');
export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const log = (text: string) => console.log(`[bench] ${text}`);

/** Runs one generation step (sync or async); with BENCH_VERBOSE=1 says how long it took. */
export function step<T>(sql: string, run: () => T): T {
  const started = performance.now();
  const say = () => {
    if (process.env.BENCH_VERBOSE) log(`  ${((performance.now() - started) / 1000).toFixed(1)} s  ${sql.replace(/\s+/g, ' ').slice(0, 90)}`);
  };
  const result = run();
  if (result instanceof Promise) return result.finally(say) as T;
  say();
  return result;
}

/** A member directory for the bench: every id is a member named after it. */
export const benchUsers: Pick<MessagingOptions, 'users'> = {
  users: { getUsers: (ids) => ids.map((id) => ({ id, displayName: `Member ${id}`, profileUrl: `/users/${id}` })) },
};

/** Options for an instance used only to migrate: nobody signs in. */
export const noUsers: Pick<MessagingOptions, 'users' | 'currentUserId'> = { ...benchUsers, currentUserId: () => null };

/**
 * A hash of the package's migration sources (developers may still change 0001 before the
 * first release), so a cached database is rebuilt when the schema changes.
 */
function migrationsFingerprint(): string {
  const dir = join(REPO_DIR, 'packages/messaging/src/db/migrations');
  const hash = createHash('sha256');
  if (existsSync(dir)) for (const f of readdirSync(dir).sort()) hash.update(f).update(readFileSync(join(dir, f)));
  return hash.digest('hex').slice(0, 8);
}

let fingerprint: string | undefined;

/** Names one cached dataset: its size, the schema version and sources, the generator version. */
export function cacheKey(size: DatasetSize): string {
  fingerprint ??= migrationsFingerprint();
  return `m${size.messages}-t${size.threads}-h${size.heavyThreads}-s${LATEST_SCHEMA_VERSION}-${fingerprint}-g${GENERATOR_VERSION}`;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median of round-by-round ratios, `numerators[i] / denominators[i]`: the two parts of a
 * round are measured seconds apart, so a drift of the machine's speed weighs on both sides of
 * each ratio alike (bench/README.md, "The figures").
 */
export function medianOfRoundRatios(numerators: number[], denominators: number[]): number {
  if (numerators.length === 0 || numerators.length !== denominators.length) throw new Error('medianOfRoundRatios: one value per round on each side');
  return median(numerators.map((value, i) => value / (denominators[i] ?? Number.NaN)));
}

export const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** How many times each figure is measured in one invocation: `--runs N` (at least 3, the default). */
export const RUNS = Math.max(3, Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3);

/** One figure over its runs: the median is the figure, min and max show how much the runs disagreed. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/**
 * Every figure measured in this invocation, by its name in latest.json (`pg_` first for
 * Postgres): each run's value in order, and each run's details. Filled by measureRepeated,
 * written by report.ts.
 */
export const recorded: { runs: Record<string, number[]>; details: Record<string, unknown[]> } = { runs: {}, details: {} };

/** What one run of a figure's measurement returns: one number, or several figures by full name, optionally with details. */
export type RunResult = number | Record<string, number | undefined> | { figures: Record<string, number | undefined>; details?: unknown };

export function spreadOf(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values };
}

/**
 * THE way to register a figure: runs `fn` `runs` times in a row (each run a complete
 * measurement: for a ratio, both sides measured afresh) and records every value under the
 * figure's name; latest.json and docs/performance.md give the median with min and max.
 * `fn` returns the figure `name`'s value, or several figures by full name (`undefined`
 * ones are skipped), or `{ figures, details }`; details are kept per run under
 * `details.<name>`. Throws if a run throws (main.ts's phase() notes the failure).
 *
 *     await phase('sqlite inbox depth', () => measureRepeated('inbox_depth_ratio', () => measureInboxDepth(...)));
 */
export async function measureRepeated(name: string, fn: (run: number) => Promise<RunResult> | RunResult, runs = RUNS): Promise<Record<string, Spread>> {
  const seen = new Set<string>();
  for (let run = 0; run < runs; run++) {
    const result = await fn(run);
    const split = typeof result === 'object' && 'figures' in result && typeof result.figures === 'object';
    const figures = (typeof result === 'number' ? { [name]: result } : split ? result.figures : result) as Record<string, number | undefined>;
    if (split && result.details !== undefined) {
      recorded.details[name] ??= [];
      recorded.details[name].push(result.details);
    }
    for (const [figure, value] of Object.entries(figures)) {
      if (value === undefined || !Number.isFinite(value)) continue;
      recorded.runs[figure] ??= [];
      recorded.runs[figure].push(value);
      seen.add(figure);
    }
    log(
      `${name} run ${run + 1}/${runs}: ${Object.entries(figures)
        .map(([k, v]) => `${k} ${v === undefined ? '—' : v.toPrecision(4)}`)
        .join(', ')}`,
    );
  }
  return Object.fromEntries([...seen].map((figure) => [figure, spreadOf(recorded.runs[figure]!)]));
}
