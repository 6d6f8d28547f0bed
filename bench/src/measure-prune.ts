/**
 * Issue 6's retention figure: `messaging prune` on a copy of the big dataset, run the way a
 * host runs it (the package's CLI as a process of its own), while the bench server answers
 * a steady mix of reads and sends; how much longer the slowest request took than without the
 * prune. Then a short in-process prune of the next slice with every statement timed, to show
 * where a batch spends its time (and so how long it holds the write lock).
 *
 * Run as a module by main.ts; forked with `--prune-load` it is the load client (see the end).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { pruneMessages } from '@org/messaging';
import { type BenchDatabase, startBenchServer } from './bench-server.js';
import { BIG_THREAD_MEMBERS, type DatasetSize, HEAVY_MEMBER, SMALL_THREAD_MEMBERS, bigThreadIndex, messageTime, smallThreadIndex, threadId } from './dataset-plan.js';
import { connectPg, migrateForBulkLoad } from './generate-postgres.js';
import { PG_URL, REPO_DIR, log, median, round } from './support.js';

/** The package's CLI; BENCH_PRUNE_CLI measures another build of it (a changed retention.ts, say). */
const CLI = process.env.BENCH_PRUNE_CLI ?? join(REPO_DIR, 'packages/messaging/dist/cli.cjs');
const HOUR_MS = 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One connection of the load client: a request kind, repeated every `intervalMs`. */
interface LoadConnection {
  kind: 'inbox' | 'thread' | 'send';
  user: string;
  /** GET: one path; send: the threads it writes into, in turn. */
  paths: string[];
  intervalMs: number;
}

/** Client -> parent: every request as [start (ms, the client's clock), latency ms, connection index, HTTP status (0: socket error)]. */
interface LoadSamples {
  type: 'samples';
  samples: number[];
  /** When each phase began, on the same clock. */
  marks: { phase: string; at: number }[];
}

export interface LatencyStats {
  requests: number;
  seconds: number;
  max_ms: number;
  p99_ms: number;
  p50_ms: number;
  failures: number;
}

export interface PruneBatchProfile {
  batches: number;
  messages: number;
  /** Time from a batch's first statement to its commit: how long it holds the write lock (SQLite) or its threads' row locks (Postgres). */
  batch_ms: { median: number; p90: number; max: number };
  /** Mean time per batch of each statement, by what it does. */
  statement_ms: Record<string, number>;
  per_batch_ms: number[];
}

export interface PruneFigures {
  added_max_ms: number;
  added_p99_ms: number;
  seconds: number;
  deleted_messages: number;
  older_than: string;
  cutoff: string;
  messages_before: number;
  cli_output: string;
  load: { connections: LoadConnection[]; requests_per_second: number };
  without: LatencyStats;
  during: LatencyStats;
  /** The same split by request kind. */
  by_kind: Record<string, { without: LatencyStats; during: LatencyStats }>;
  /** The slowest requests during the prune: seconds after it started, latency, kind. */
  slowest: { at_s: number; ms: number; kind: string }[];
  /** The slowest request in each second of the prune. */
  max_per_second_ms: number[];
  profile?: PruneBatchProfile;
}

export interface PruneTiming {
  warmupS: number;
  /** How long the mix runs without the prune (its slowest request is the baseline). */
  baselineS: number;
  /** Batches of the in-process profile after the CLI's prune. */
  profileBatches: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);

function statsOf(latencies: number[], statuses: number[], seconds: number): LatencyStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    seconds: round(seconds, 1),
    max_ms: round(sorted.at(-1) ?? 0, 1),
    p99_ms: round(percentile(sorted, 99), 1),
    p50_ms: round(median(sorted.length ? sorted : [0]), 2),
    failures: statuses.filter((s) => s < 200 || s > 299).length,
  };
}

/** A copy of a SQLite dataset through the backup API (consistent even with a WAL pending), in a temp dir. */
async function copySqlite(file: string): Promise<{ file: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'messaging-prune-'));
  const copy = join(dir, 'messages.db');
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(copy, { progress: () => 50_000 });
  } finally {
    source.close();
  }
  return { file: copy, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A scratch copy of a Postgres dataset schema: the package's migrations (so constraints,
 * foreign keys and indexes are its own), the three tables' rows copied with the secondary
 * indexes dropped and rebuilt, then VACUUM ANALYZE as autovacuum would.
 */
async function copyPostgres(fromSchema: string, scratch: string): Promise<{ remove(): Promise<void> }> {
  const drop = async () => {
    const c = await connectPg('public');
    try {
      await c.query(`drop schema if exists ${scratch} cascade`);
    } finally {
      await c.end();
    }
  };
  await drop();
  const client = await connectPg(scratch);
  try {
    const load = await migrateForBulkLoad(client, scratch);
    // The rows are consistent already: skip the per-row foreign key triggers while copying.
    await client.query('set local session_replication_role = replica');
    // Named columns, generated ones left out (search_vector is computed by the server; `select *` into it fails).
    const columns = async (table: string) => {
      const { rows } = await client.query<{ column_name: string }>(
        "select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and is_generated = 'NEVER' order by ordinal_position",
        [scratch, table],
      );
      return rows.map((r) => `"${r.column_name}"`).join(', ');
    };
    for (const table of ['messaging_threads', 'messaging_participants']) {
      const list = await columns(table);
      await client.query(`insert into ${table} (${list}) select ${list} from ${fromSchema}.${table}`);
    }
    const messageColumns = await columns('messaging_messages');
    await client.query(`insert into messaging_messages (${messageColumns}) overriding system value select ${messageColumns} from ${fromSchema}.messaging_messages`);
    await client.query(`select setval(pg_get_serial_sequence('messaging_messages', 'id'), (select max(id) from messaging_messages))`);
    await load.rebuildIndexes();
    await client.query('commit');
    await client.query('vacuum analyze messaging_threads, messaging_participants, messaging_messages');
  } finally {
    await client.end();
  }
  return { remove: drop };
}

/** Runs `messaging prune` as a separate process; resolves with its output and wall time. */
function runPruneCli(args: string[]): Promise<{ output: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env = { ...process.env };
    delete env.MESSAGING_DATABASE_URL;
    const child = spawn(process.execPath, [CLI, 'prune', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ output: output.trim(), seconds });
      else reject(new Error(`messaging prune exited with ${code}: ${output.trim().split('\n').at(-1)}`));
    });
  });
}

/** Which statement of a batch a Kysely operation node is, by its verb and first table. */
function statementName(node: unknown): string {
  const kind = String((node as { kind?: string }).kind ?? '')
    .replace('QueryNode', '')
    .toLowerCase();
  const find = (n: unknown): string | undefined => {
    if (!n || typeof n !== 'object') return undefined;
    const o = n as Record<string, unknown>;
    if (o.kind === 'TableNode') return (o.table as { identifier?: { name?: string } })?.identifier?.name ?? undefined;
    for (const v of Object.values(o)) {
      const found = Array.isArray(v) ? v.map(find).find(Boolean) : find(v);
      if (found) return found;
    }
    return undefined;
  };
  return `${kind} ${find(node) ?? '?'}`;
}

/** What each statement of a batch is for (retention.ts, counters.ts), in the order they run. */
const STATEMENT_ROLES: Record<string, string> = {
  'select messaging_messages#1': 'pick the batch (select … order by created_at limit n)',
  'update messaging_threads#1': 'lock the threads (lockThreads)',
  'delete messaging_messages#1': 'delete the messages',
  'select messaging_threads#1': 'find emptied threads (deleteEmptyThreads)',
  'delete messaging_participants#1': "delete emptied threads' participants",
  'delete messaging_threads#1': 'delete emptied threads',
  'update messaging_threads#2': 'refresh threads: last_message_id, last_message_at (refreshThreadCounters)',
  'update messaging_participants#1': 'refresh participants: last_activity_at, unread_count (refreshThreadCounters)',
};

/**
 * Prunes the next `batches` batches in this process through the package's own
 * `pruneMessages` with a Kysely plugin that times every statement.
 */
async function profileBatches(messaging: { database: { db: any } }, before: Date): Promise<PruneBatchProfile> {
  const starts = new Map<object, { name: string; at: number }>();
  const current = new Map<string, number>();
  const counts = new Map<string, number>();
  const totals = new Map<string, number>();
  const perBatch: number[] = [];
  let batchStart: number | undefined;
  let skipFirst = true; // the initial count of what is to go, before any batch
  const plugin = {
    transformQuery(args: { queryId: object; node: any }) {
      if (skipFirst) {
        skipFirst = false;
        return args.node;
      }
      // The checkpoint in the pause between batches holds no lock: not part of a batch.
      if (args.node?.kind === 'RawNode' && String(args.node.sqlFragments?.join('') ?? '').includes('wal_checkpoint')) return args.node;
      const base = statementName(args.node);
      const n = (counts.get(base) ?? 0) + 1;
      counts.set(base, n);
      const at = performance.now();
      batchStart ??= at;
      starts.set(args.queryId, { name: `${base}#${n}`, at });
      return args.node;
    },
    async transformResult(args: { queryId: object; result: any }) {
      const s = starts.get(args.queryId);
      if (s) {
        current.set(s.name, (current.get(s.name) ?? 0) + performance.now() - s.at);
        starts.delete(args.queryId);
      }
      return args.result;
    },
  };
  // The package's own batch sizing (by time), as the CLI runs it.
  const result = await pruneMessages(messaging.database.db.withPlugin(plugin), {
    before,
    onProgress: () => {
      perBatch.push(performance.now() - batchStart!);
      for (const [name, ms] of current) totals.set(name, (totals.get(name) ?? 0) + ms);
      current.clear();
      counts.clear();
      batchStart = undefined;
    },
  });
  const sorted = [...perBatch].sort((a, b) => a - b);
  return {
    batches: perBatch.length,
    messages: result.messages,
    batch_ms: { median: round(median(sorted), 1), p90: round(percentile(sorted, 90), 1), max: round(sorted.at(-1) ?? 0, 1) },
    statement_ms: Object.fromEntries([...totals].map(([name, ms]) => [STATEMENT_ROLES[name] ?? name, round(ms / perBatch.length, 2)])),
    per_batch_ms: perBatch.map((ms) => round(ms, 1)),
  };
}

/**
 * The mix: the heavy member, bob and carol read their inboxes; bob reads the 100k-message
 * thread, carol the small one, the heavy member one of their threads; the heavy member sends
 * into 20 of their threads in turn and bob into the big thread (a busy conversation, which
 * every batch of the prune touches). Reads every 40 ms, sends every 100 ms per connection.
 * Threads that get no new message may be emptied and deleted by the prune: none is read.
 */
function loadMix(size: DatasetSize): LoadConnection[] {
  const t = (i: number) => `/messages/api/threads/${threadId(size, i)}`;
  const big = bigThreadIndex(size);
  return [
    { kind: 'inbox', user: HEAVY_MEMBER, paths: ['/messages/api/threads'], intervalMs: 40 },
    { kind: 'inbox', user: BIG_THREAD_MEMBERS[0], paths: ['/messages/api/threads'], intervalMs: 40 },
    { kind: 'inbox', user: BIG_THREAD_MEMBERS[1], paths: ['/messages/api/threads'], intervalMs: 40 },
    { kind: 'thread', user: BIG_THREAD_MEMBERS[0], paths: [t(big)], intervalMs: 40 },
    { kind: 'thread', user: SMALL_THREAD_MEMBERS[0], paths: [t(smallThreadIndex(size))], intervalMs: 40 },
    { kind: 'thread', user: HEAVY_MEMBER, paths: [t(0)], intervalMs: 40 },
    { kind: 'send', user: HEAVY_MEMBER, paths: Array.from({ length: 20 }, (_, i) => `${t(i)}/messages`), intervalMs: 100 },
    { kind: 'send', user: BIG_THREAD_MEMBERS[0], paths: [`${t(big)}/messages`], intervalMs: 100 },
  ];
}

/**
 * Prune under load on one kind of database. `source`: the SQLite dataset file, or the
 * Postgres dataset schema (copied into `bench_prune_<label>`, dropped afterwards).
 */
export async function measurePrune(source: { sqlite: string } | { postgresSchema: string }, size: DatasetSize, timing: PruneTiming, label: string): Promise<PruneFigures> {
  const scratch = `bench_prune_${size.label}`;
  const t0 = performance.now();
  const copy = 'sqlite' in source ? await copySqlite(source.sqlite) : await copyPostgres(source.postgresSchema, scratch);
  const database: BenchDatabase = 'sqlite' in source ? { sqlite: (copy as { file: string }).file } : { postgres: { connectionString: PG_URL, schema: scratch } };
  log(`${label} prune: copied the ${size.label} dataset in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const server = await startBenchServer(database);
  let client: ChildProcess | undefined;
  try {
    // Half the messages: ids are in time order, 30 s apart. The CLI takes whole hours.
    const target = Date.parse(messageTime(Math.floor(size.messages / 2)));
    const hours = Math.floor((Date.now() - target) / HOUR_MS);
    const olderThan = `${hours}h`;
    const cliArgs = ['--older-than', olderThan, ...('sqlite' in database ? ['--db', database.sqlite] : ['--postgres', PG_URL, '--schema', scratch])];

    const connections = loadMix(size);
    client = fork(fileURLToPath(import.meta.url), ['--prune-load'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const samples = new Promise<LoadSamples>((resolve, reject) => {
      client!.once('message', (m: LoadSamples) => resolve(m));
      client!.once('exit', (code) => reject(new Error(`${label} prune load client exited with ${code}`)));
    });
    samples.catch(() => {}); // awaited below; a client that dies early must not crash the run first
    const mark = (phase: string) => client!.send({ type: 'mark', phase });
    client.send({ type: 'start', url: server.url, connections });
    // Half of the time without the prune before it, half after, so a drift in the machine's
    // load (other work on its cores) weighs on both sides.
    await sleep(timing.warmupS * 1000);
    mark('before');
    await sleep((timing.baselineS / 2) * 1000);
    mark('during');
    const cli = await runPruneCli(cliArgs);
    mark('after');
    await sleep((timing.baselineS / 2) * 1000);
    mark('end');
    client.send({ type: 'stop' });
    const { samples: flat, marks } = await samples;
    const summary = cli.output
      .split('\n')
      .filter((l) => !l.startsWith('Pruning'))
      .join('\n');
    const deleted = Number(/Deleted ([\d,]+) message/.exec(summary)?.[1]?.replace(/,/g, '') ?? NaN);
    const cutoff = /created before (\S+)\)/.exec(summary)?.[1] ?? '';
    log(`${label} prune: ${summary.replace(/\n/g, ' ')}`);

    const at = (phase: string) => marks.find((m) => m.phase === phase)!.at;
    const phases = {
      without: [
        [at('before'), at('during')],
        [at('after'), at('end')],
      ],
      during: [[at('during'), at('after')]],
    } as const;
    const split = (phase: keyof typeof phases, kind?: string) => {
      const lat: number[] = [];
      const st: number[] = [];
      for (let i = 0; i < flat.length; i += 4) {
        const start = flat[i]!;
        if (!phases[phase].some(([from, to]) => start >= from && start < to) || (kind && connections[flat[i + 2]!]!.kind !== kind)) continue;
        lat.push(flat[i + 1]!);
        st.push(flat[i + 3]!);
      }
      return statsOf(lat, st, phases[phase].reduce((s, [from, to]) => s + (to - from), 0) / 1000);
    };
    const without = split('without');
    const during = split('during');
    for (const [name, s] of Object.entries({ without, during })) {
      if (s.failures > 0) throw new Error(`${label} prune: ${s.failures} of ${s.requests} requests failed ${name === 'during' ? 'during' : 'without'} the prune`);
    }
    const [from, to] = phases.during[0];
    const duringRows: { at: number; ms: number; kind: string }[] = [];
    for (let i = 0; i < flat.length; i += 4) {
      if (flat[i]! >= from && flat[i]! < to) duringRows.push({ at: flat[i]! - from, ms: flat[i + 1]!, kind: connections[flat[i + 2]!]!.kind });
    }
    const perSecond = Array.from({ length: Math.ceil((to - from) / 1000) }, () => 0);
    for (const r of duringRows) perSecond[Math.floor(r.at / 1000)] = Math.max(perSecond[Math.floor(r.at / 1000)]!, r.ms);
    const slowest = [...duringRows]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10)
      .map((r) => ({ at_s: round(r.at / 1000, 2), ms: round(r.ms, 1), kind: r.kind }));
    log(
      `${label} prune: ${cli.seconds.toFixed(1)} s for ${deleted.toLocaleString('en')} messages; slowest request ${without.max_ms} ms without, ${during.max_ms} ms during (p99 ${without.p99_ms} / ${during.p99_ms} ms, ${during.requests} requests)`,
    );

    // Where a batch's time goes: the next slice, same batch size, no load.
    let profile: PruneBatchProfile | undefined;
    if (timing.profileBatches > 0 && cutoff) {
      profile = await profileBatches(server.messaging as any, new Date(Date.parse(cutoff) + timing.profileBatches * 1000 * 30_000));
      log(
        `${label} prune profile: ${profile.batches} batches, ${profile.batch_ms.median} ms median per batch (max ${profile.batch_ms.max}); ${Object.entries(profile.statement_ms)
          .map(([k, v]) => `${v} ms ${k.split(' (')[0]}`)
          .join(', ')}`,
      );
    }
    const kinds = [...new Set(connections.map((c) => c.kind))];
    return {
      added_max_ms: during.max_ms - without.max_ms,
      added_p99_ms: during.p99_ms - without.p99_ms,
      seconds: cli.seconds,
      deleted_messages: deleted,
      older_than: olderThan,
      cutoff,
      messages_before: size.messages,
      cli_output: summary,
      load: { connections, requests_per_second: round(during.requests / during.seconds, 0) },
      without,
      during,
      by_kind: Object.fromEntries(kinds.map((k) => [k, { without: split('without', k), during: split('during', k) }])),
      slowest,
      max_per_second_ms: perSecond.map((ms) => round(ms, 1)),
      ...(profile ? { profile } : {}),
    };
  } finally {
    client?.kill();
    await server.close();
    await copy.remove();
  }
}

/**
 * The load client (forked with `--prune-load`): one keep-alive connection per entry of the
 * mix, each sending its request every `intervalMs` (never two at once on one connection, no
 * catching up after a slow answer), recording every request's start and latency.
 */
function runLoadClient(): void {
  const samples: number[] = [];
  const marks: { phase: string; at: number }[] = [];
  let stopped = false;
  const body = JSON.stringify({ body: 'A benchmark message of ordinary length, about one line of text.' });
  const request = (agent: http.Agent, url: string, c: LoadConnection, path: string) =>
    new Promise<number>((resolve) => {
      const headers: Record<string, string> = { 'x-bench-user': c.user };
      if (c.kind === 'send') Object.assign(headers, { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' });
      const req = http.request(`${url}${path}`, { method: c.kind === 'send' ? 'POST' : 'GET', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end(c.kind === 'send' ? body : undefined);
    });
  const loop = async (url: string, c: LoadConnection, index: number, count: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await sleep((c.intervalMs * index) / count); // spread the connections' starts
    let next = performance.now();
    for (let i = 0; !stopped; i++) {
      next += c.intervalMs;
      const start = performance.now();
      const status = await request(agent, url, c, c.paths[i % c.paths.length]!);
      samples.push(start, performance.now() - start, index, status);
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      else next = performance.now();
    }
    agent.destroy();
  };
  let loops: Promise<void>[] = [];
  process.on('message', async (m: { type: string; url?: string; connections?: LoadConnection[]; phase?: string }) => {
    if (m.type === 'start') loops = m.connections!.map((c, i, all) => loop(m.url!, c, i, all.length));
    else if (m.type === 'mark') marks.push({ phase: m.phase!, at: performance.now() });
    else if (m.type === 'stop') {
      stopped = true;
      await Promise.all(loops);
      process.send!({ type: 'samples', samples, marks } satisfies LoadSamples, () => process.exit(0));
    }
  });
}

if (process.argv.includes('--prune-load')) runLoadClient();
