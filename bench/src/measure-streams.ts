/**
 * Issue 18's live-delivery figures, on a database of their own (a fresh SQLite file or
 * Postgres schema, dropped at the end), so that they neither depend on nor disturb the
 * datasets: sends with many other members' streams open, sends into a 21-member group, what
 * a stream keeps after 1,000 deliveries, and what NOTIFY costs sends under 10 and 50
 * concurrent senders. See bench/README.md for what each compares.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type BenchDatabase, jsonWriteHeaders, startBenchServer } from './bench-server.js';
import { type GroupTiming, load, loadGroup, pairedRatio } from './load.js';
import type { StreamAnswer, StreamCommand } from './stream-clients.js';
import { PG_URL, log } from './support.js';

const SENDER = '2';
/** Numeric ids, as the datasets use: partners of direct threads, group members, streaming members, others. */
const DIRECT = (i: number) => String(100_001 + i);
const GROUP_MEMBER = (g: number, i: number) => String(200_000 + g * 100 + i);
const MEMORY_MEMBER = (g: number, i: number) => String(300_000 + g * 100 + i);
const OTHER = (i: number) => String(400_001 + i);
/** The most concurrent senders measured (the NOTIFY figures' 50). */
const MAX_SENDERS = 50;
const GROUPS = 10;
const MEMORY_GROUPS = 5;
const BODY = JSON.stringify({ body: 'A benchmark message of ordinary length, about one line of text.' });

/** The fresh database of these figures and the threads made in it. */
export interface StreamsDatabase {
  database: BenchDatabase;
  kind: 'sqlite' | 'pg';
  /** Of the figures' names: `pg_` on Postgres. */
  prefix: '' | 'pg_';
  direct: string[];
  groups: string[];
  memoryGroups: string[];
  drop(): Promise<void>;
}

/** Makes the database: MAX_SENDERS direct threads of the sender, GROUPS groups of 21 and MEMORY_GROUPS more for the memory figure. */
export async function streamsDatabase(kind: 'sqlite' | 'pg'): Promise<StreamsDatabase> {
  const name = `bench_streams_${randomBytes(4).toString('hex')}`;
  const file = join(tmpdir(), `${name}.sqlite`);
  const database: BenchDatabase = kind === 'sqlite' ? { sqlite: file } : { postgres: { connectionString: PG_URL, schema: name } };
  const drop = async () => {
    if (kind === 'sqlite') for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    else {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${name}" cascade`);
      await client.end();
    }
  };
  const server = await startBenchServer(database);
  try {
    const start = async (recipientIds: string[]) => {
      const res = await fetch(`${server.url}/messages/api/threads`, {
        method: 'POST',
        headers: jsonWriteHeaders(SENDER),
        body: JSON.stringify({ recipientIds, ...(recipientIds.length > 1 ? { subject: 'Bench group' } : {}), body: 'first' }),
      });
      if (res.status !== 201) throw new Error(`starting a thread: HTTP ${res.status} ${await res.text()}`);
      return ((await res.json()) as { thread: { id: string } }).thread.id;
    };
    const members = (id: (g: number, i: number) => string, g: number) => Array.from({ length: 20 }, (_, i) => id(g, i));
    const direct: string[] = [];
    for (let i = 0; i < MAX_SENDERS; i++) direct.push(await start([DIRECT(i)]));
    const groups: string[] = [];
    for (let g = 0; g < GROUPS; g++) groups.push(await start(members(GROUP_MEMBER, g)));
    const memoryGroups: string[] = [];
    for (let g = 0; g < MEMORY_GROUPS; g++) memoryGroups.push(await start(members(MEMORY_MEMBER, g)));
    if (kind === 'pg') {
      // Statistics now, as autovacuum would give a table in use: otherwise the first sends plan against empty tables.
      const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path="${name}"` });
      await client.connect();
      await client.query('analyze messaging_threads, messaging_participants, messaging_messages');
      await client.end();
    }
    return { database, kind, prefix: kind === 'pg' ? 'pg_' : '', direct, groups, memoryGroups, drop };
  } catch (err) {
    await server.close();
    await drop();
    throw err;
  } finally {
    await server.close().catch(() => {});
  }
}

/** The child process holding the streams (stream-clients.ts), one command at a time. */
function streamClients() {
  const child: ChildProcess = fork(fileURLToPath(new URL('./stream-clients.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T extends StreamAnswer['type']>(command: StreamCommand): Promise<Extract<StreamAnswer, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`stream clients exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (answer: StreamAnswer) => {
        child.off('exit', onExit);
        if (answer.type === 'error') reject(new Error(`stream clients: ${answer.message}`));
        else resolve(answer as Extract<StreamAnswer, { type: T }>);
      });
      child.send(command);
    });
  return { ask, stop: () => child.kill() };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const post = { method: 'POST' as const, headers: jsonWriteHeaders(SENDER), body: BODY };
const sendPaths = (threads: string[]) => threads.map((id) => `/messages/api/threads/${id}/messages`);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Closes a server once the sends autocannon left in flight at its stop have finished (they would log a closed pool). */
async function closeAfterLoad(...servers: { close(): Promise<void> }[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const server of servers) await server.close();
}

/**
 * `send_with_streams_ratio`: req/s of direct sends (10 connections, a thread each) with
 * `streams` streams of other members open on the same server / with none. Measured as
 * none, with, with, none (parts of the group's length), so a drift weighs on both sides.
 */
export async function measureSendWithStreams(db: StreamsDatabase, timing: GroupTiming, streams: number) {
  const label = db.kind;
  const server = await startBenchServer(db.database);
  const clients = streamClients();
  try {
    const options = { url: server.url, paths: sendPaths(db.direct.slice(0, timing.connections)), ...post, connections: timing.connections };
    // Each part as long as a whole group's run, not a round's share of it: parts of 2 s gave 0.72–1.19
    // over six Postgres runs in a day. The order none, with, with, none cancels a steady drift.
    const part = Math.max(1, timing.durationS);
    // Also the server's CPU time per send (load.ts), which a machine busy with other work changes far less than the throughput.
    const cpu = { none: [] as number[], with: [] as number[] };
    const measure = async (side: 'none' | 'with') => {
      const result = await load({ ...options, durationS: part, warmupS: 0 });
      if (result.failures > 0) throw new Error(`${label} send: ${result.failures} of ${result.requests} requests failed`);
      cpu[side].push(result.serverCpuUsPerRequest);
      return result.rps;
    };
    // A longer warm-up than a group's: the first part after a short one came out slower, every time (a fresh database, cold code).
    await load({ ...options, durationS: Math.max(3, 3 * timing.warmupS), warmupS: 0 });
    const none = [await measure('none')];
    const opened = await clients.ask<'opened'>({ type: 'open', url: server.url, users: Array.from({ length: streams }, (_, i) => OTHER(i)) });
    await until(() => server.messaging.metrics().openStreams === streams, 'the streams to open');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const withStreams = [await measure('with'), await measure('with')];
    await clients.ask<'closed'>({ type: 'close' });
    await until(() => server.messaging.metrics().openStreams === 0, 'the streams to close');
    none.push(await measure('none'));
    const ratio = mean(withStreams) / mean(none);
    const cpuRatio = mean(cpu.none) / mean(cpu.with);
    log(
      `${label} sends: ${mean(none).toFixed(0)} req/s with no stream open, ${mean(withStreams).toFixed(0)} with ${opened.count} other members' streams: ${ratio.toFixed(3)}; CPU per send ${mean(cpu.none).toFixed(0)} → ${mean(cpu.with).toFixed(0)} µs: ${cpuRatio.toFixed(3)}`,
    );
    return {
      figures: { [`${db.prefix}send_with_streams_ratio`]: ratio, [`${db.prefix}send_with_streams_cpu_ratio`]: cpuRatio },
      details: { none_rps: none, with_streams_rps: withStreams, none_cpu_us_per_send: cpu.none, with_streams_cpu_us_per_send: cpu.with, streams: opened.count },
    };
  } finally {
    clients.stop();
    await closeAfterLoad(server);
  }
}

/** `group_send_ratio`: req/s of sends into 21-member groups / of direct sends (10 connections, a thread each), measured as a group. */
export async function measureGroupSend(db: StreamsDatabase, timing: GroupTiming) {
  const label = db.kind;
  const server = await startBenchServer(db.database);
  try {
    const results = await loadGroup(
      [
        { name: 'direct', options: { url: server.url, paths: sendPaths(db.direct.slice(0, timing.connections)), ...post } },
        { name: 'group', options: { url: server.url, paths: sendPaths(db.groups.slice(0, timing.connections)), ...post } },
      ],
      timing,
    );
    for (const [name, r] of results) if (r.failures > 0) throw new Error(`${label} ${name} send: ${r.failures} of ${r.requests} requests failed`);
    const [direct, group] = [results.get('direct')!, results.get('group')!];
    const ratio = pairedRatio(group, direct, 'rps');
    log(`${label} sends: direct ${direct.rps.toFixed(0)} req/s, 21-member group ${group.rps.toFixed(0)} req/s: ${ratio.toFixed(3)} (median of the rounds' ratios)`);
    return { figures: { [`${db.prefix}group_send_ratio`]: ratio }, details: Object.fromEntries(results) };
  } finally {
    await closeAfterLoad(server);
  }
}

const KB = 1024;

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (pnpm bench does) to measure heap growth');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/**
 * `stream_heap_kb_open` and `stream_heap_kb_after_1000`: the server's V8 heap growth per
 * stream (after a full GC) with 100 streams of group members open, then after each stream
 * received `deliveries` messages (sends into their 5 groups, the groups in parallel).
 */
export async function measureStreamMemory(db: StreamsDatabase, deliveries: number) {
  const label = db.kind;
  const server = await startBenchServer(db.database);
  const clients = streamClients();
  try {
    const users = Array.from({ length: MEMORY_GROUPS * 20 }, (_, k) => MEMORY_MEMBER(Math.floor(k / 20), k % 20));
    // A round of the same work first (streams open, 50 deliveries each, closed), so that the
    // code it compiles and the caches it fills once are not counted as the streams' memory.
    await clients.ask<'opened'>({ type: 'open', url: server.url, users });
    await clients.ask<'sent'>({ type: 'send', url: server.url, senderId: SENDER, threadIds: db.memoryGroups, perThread: 50 });
    await until(async () => (await clients.ask<'count'>({ type: 'count' })).delivered >= users.length * 50, 'the warm-up deliveries', 120_000);
    await clients.ask<'closed'>({ type: 'close' });
    await until(() => server.messaging.metrics().openStreams === 0, 'the warm-up streams to close');
    const before = settledHeap();
    await clients.ask<'opened'>({ type: 'open', url: server.url, users });
    await until(() => server.messaging.metrics().openStreams === users.length, 'the streams to open');
    await new Promise((resolve) => setTimeout(resolve, 500)); // their first events (the unread total) written
    const opened = settledHeap();
    await clients.ask<'sent'>({ type: 'send', url: server.url, senderId: SENDER, threadIds: db.memoryGroups, perThread: deliveries });
    const expected = users.length * deliveries;
    await until(async () => (await clients.ask<'count'>({ type: 'count' })).delivered >= expected, `${expected} deliveries`, 120_000);
    const after = settledHeap();
    const [open, delivered] = [(opened - before) / users.length / KB, (after - before) / users.length / KB];
    log(`${label} stream heap: ${open.toFixed(1)} KB per stream open, ${delivered.toFixed(1)} KB after ${deliveries} deliveries each`);
    const figures = { [`${db.prefix}stream_heap_kb_open`]: open, [`${db.prefix}stream_heap_kb_after_${deliveries}`]: delivered };
    return { figures, details: { streams: users.length, deliveries, heap_before: before, heap_opened: opened, heap_after: after } };
  } finally {
    clients.stop();
    await server.close();
  }
}

/**
 * `pg_notify_send_ratio_c10` and `_c50`: req/s of direct sends through the Postgres bus (each
 * send's events published by NOTIFY, one stream open so the bus listens) / the same sends on
 * an instance over a host's Kysely, whose bus is in-process and sends no NOTIFY; 10 and 50
 * connections, each in a thread of its own. What the NOTIFYs cost the sends' commits.
 */
export async function measureNotifyCost(db: StreamsDatabase, timing: GroupTiming) {
  const label = db.kind;
  if (!('postgres' in db.database)) throw new Error('NOTIFY is Postgres only');
  const { schema } = db.database.postgres;
  // The package's own Kysely: the bench has no dependency of its own on it.
  const requireFromPackage = createRequire(fileURLToPath(import.meta.resolve('@org/messaging')));
  const { Kysely, PostgresDialect } = requireFromPackage('kysely') as {
    Kysely: new (config: { dialect: unknown }) => { destroy(): Promise<void> };
    PostgresDialect: new (config: { pool: pg.Pool }) => unknown;
  };
  const pool = new pg.Pool({ connectionString: PG_URL, max: 10, options: `-c search_path="${schema}",public` });
  const kysely = new Kysely({ dialect: new PostgresDialect({ pool }) });
  const notifying = await startBenchServer(db.database);
  const silent = await startBenchServer({ kysely, dialect: 'postgres' } as unknown as BenchDatabase);
  const clients = streamClients();
  try {
    await clients.ask<'opened'>({ type: 'open', url: notifying.url, users: [OTHER(0)] });
    const figures: Record<string, number> = {};
    const details: Record<string, unknown> = {};
    for (const connections of [10, 50]) {
      const paths = sendPaths(db.direct.slice(0, connections));
      const results = await loadGroup(
        [
          { name: 'notify', options: { url: notifying.url, paths, ...post } },
          { name: 'no_notify', options: { url: silent.url, paths, ...post } },
        ],
        { ...timing, connections },
      );
      for (const [name, r] of results) if (r.failures > 0) throw new Error(`${label} ${name} c${connections}: ${r.failures} of ${r.requests} requests failed`);
      const [withNotify, without] = [results.get('notify')!, results.get('no_notify')!];
      const ratio = pairedRatio(withNotify, without, 'rps');
      figures[`${db.prefix}notify_send_ratio_c${connections}`] = ratio;
      details[`c${connections}`] = Object.fromEntries(results);
      log(`${label} ${connections} senders: ${withNotify.rps.toFixed(0)} req/s with NOTIFY, ${without.rps.toFixed(0)} without: ${ratio.toFixed(3)} (median of the rounds' ratios)`);
    }
    return { figures, details };
  } finally {
    clients.stop();
    await closeAfterLoad(notifying, silent);
    await kysely.destroy();
  }
}
