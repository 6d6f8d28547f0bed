import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, medianOfRoundRatios } from './support.js';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Paths (on the url's host) handed out one per connection, round robin. */
  paths?: string[];
  /**
   * Headers that take turns: connection c of n sends sets c, c + n, c + 2n, … in a loop, so
   * the server sees them all in turn (for instance one session cookie per member).
   */
  rotateHeaders?: Array<Record<string, string>>;
  durationS: number;
  warmupS: number;
  connections: number;
}

export interface LoadResult {
  /** Requests per second over the measured period. */
  rps: number;
  /** Time per request at this concurrency: connections / rps, in milliseconds. */
  msPerRequest: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Responses outside 2xx plus socket errors and timeouts: must be 0 for a valid figure. */
  failures: number;
  /**
   * CPU time (user + system) of this process per request over the measured period, in µs: the
   * bench servers run here, the load driver in a process of its own, so this is the server's
   * own cost, without autocannon's and (on Postgres) without the database's. Steadier than a
   * throughput on a machine where the driver and the database compete for the same cores.
   */
  serverCpuUsPerRequest: number;
  /** Of a group's URL (loadGroup): req/s of each round's part, in round order. */
  roundsRps?: number[];
}

/** What load.ts sends the driver process. */
export interface LoadJob {
  id: number;
  options: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
    paths?: string[];
    rotateHeaders?: Array<Record<string, string>>;
    connections: number;
    durationS: number;
  };
}

interface DriverAnswer {
  id: number;
  result?: { requests: number; seconds: number; failures: number; p50: number; p99: number };
  error?: string;
}

let driver: ChildProcess | undefined;
let nextJob = 0;

function loadDriver(): ChildProcess {
  if (driver) return driver;
  const child = fork(fileURLToPath(new URL('./load-driver.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.unref();
  child.channel?.unref();
  driver = child;
  return child;
}

/** Ends the load driver process (at the end of the run). */
export function stopLoadDriver(): void {
  driver?.kill();
  driver = undefined;
}

/** Drives one URL with autocannon (keep-alive, fixed concurrency) from the driver process, after an optional warm-up. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const child = loadDriver();
  const run = (durationS: number) =>
    new Promise<NonNullable<DriverAnswer['result']>>((resolve, reject) => {
      const id = nextJob++;
      const onMessage = (answer: DriverAnswer) => {
        if (answer.id !== id) return;
        child.off('message', onMessage);
        if (answer.error) reject(new Error(`autocannon: ${answer.error}`));
        else resolve(answer.result!);
      };
      child.on('message', onMessage);
      const job: LoadJob = {
        id,
        options: {
          url: options.url,
          method: options.method ?? 'GET',
          headers: options.headers ?? {},
          ...(options.body !== undefined ? { body: options.body } : {}),
          ...(options.paths ? { paths: options.paths } : {}),
          ...(options.rotateHeaders ? { rotateHeaders: options.rotateHeaders } : {}),
          connections: options.connections,
          durationS,
        },
      };
      child.send(job);
    });
  if (options.warmupS > 0) await run(options.warmupS);
  const cpuBefore = process.cpuUsage();
  const result = await run(options.durationS);
  const cpu = process.cpuUsage(cpuBefore);
  // autocannon runs whole seconds and reports how long it ran.
  const rps = result.requests / result.seconds;
  return {
    rps,
    msPerRequest: rps > 0 ? (1000 * options.connections) / rps : Number.POSITIVE_INFINITY,
    latencyP50Ms: result.p50,
    latencyP99Ms: result.p99,
    requests: result.requests,
    failures: result.failures,
    serverCpuUsPerRequest: result.requests > 0 ? (cpu.user + cpu.system) / result.requests : Number.POSITIVE_INFINITY,
  };
}

/** How long a group is measured: per URL, `durationS` in `rounds` parts after `warmupS`. */
export interface GroupTiming {
  durationS: number;
  warmupS: number;
  rounds: number;
  connections: number;
}

/** One URL of a group measured together, by name. */
export interface GroupEntry {
  name: string;
  options: Omit<LoadOptions, 'durationS' | 'warmupS' | 'connections'>;
}

/** The median of each figure over the parts of one URL's measurement. */
function combine(parts: LoadResult[], connections: number): LoadResult {
  const rps = median(parts.map((p) => p.rps));
  return {
    rps,
    msPerRequest: rps > 0 ? (1000 * connections) / rps : Number.POSITIVE_INFINITY,
    latencyP50Ms: median(parts.map((p) => p.latencyP50Ms)),
    latencyP99Ms: Math.max(...parts.map((p) => p.latencyP99Ms)),
    requests: parts.reduce((n, p) => n + p.requests, 0),
    failures: parts.reduce((n, p) => n + p.failures, 0),
    serverCpuUsPerRequest: median(parts.map((p) => p.serverCpuUsPerRequest)),
    roundsRps: parts.map((p) => p.rps),
  };
}

/**
 * The ratio of two URLs of one group: the median over the rounds of each round's ratio, the
 * two parts of a round measured within seconds of each other (A B, then B A: adjacent when
 * the group has two URLs), so that a drift of the machine's speed over the group weighs on
 * both sides of every ratio alike. `rps`: numerator's req/s / denominator's; `time`: time per
 * request, numerator's / denominator's (the same connections, so the inverse).
 */
export function pairedRatio(numerator: LoadResult, denominator: LoadResult, by: 'rps' | 'time'): number {
  const [a, b] = [numerator.roundsRps, denominator.roundsRps];
  if (!a || !b) throw new Error('pairedRatio: both results must come from one loadGroup');
  return by === 'rps' ? medianOfRoundRatios(a, b) : medianOfRoundRatios(b, a);
}

/**
 * Measures several URLs that will be compared with each other: each is warmed up, then
 * measured in `rounds` parts of `durationS / rounds` seconds, the URLs taking turns in order
 * and in reverse order (A B … B A A B …), so a change in the machine's load weighs on every
 * URL alike; each URL's figure is the median over its parts, and a ratio of two of them is
 * taken round by round ({@link pairedRatio}).
 */
export async function loadGroup(entries: GroupEntry[], timing: GroupTiming): Promise<Map<string, LoadResult>> {
  const part = Math.max(1, Math.round(timing.durationS / timing.rounds));
  for (const e of entries) await load({ ...e.options, connections: timing.connections, durationS: timing.warmupS, warmupS: 0 });
  const parts = new Map<string, LoadResult[]>(entries.map((e) => [e.name, []]));
  for (let round = 0; round < timing.rounds; round++) {
    for (const e of round % 2 === 0 ? entries : [...entries].reverse()) {
      parts.get(e.name)!.push(await load({ ...e.options, connections: timing.connections, durationS: part, warmupS: 0 }));
    }
  }
  return new Map([...parts].map(([name, list]) => [name, combine(list, timing.connections)]));
}
