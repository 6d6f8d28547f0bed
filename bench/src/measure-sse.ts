import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchDatabase, startBenchServer } from './bench-server.js';
import { type DatasetSize, HEAVY_MEMBER, threadId, threadMembers } from './dataset-plan.js';
import type { SseJob } from './sse-clients.js';
import { openRunner, snapshotThread } from './sql-runner.js';
import { log, median } from './support.js';

export interface SseFigures {
  /** Growth of the server process's resident memory with the streams open, MB. */
  streams_mb: number;
  /** Growth of its V8 heap, MB. */
  streams_heap_mb: number;
  streams: number;
  delivery_p50_ms: number;
  delivery_p99_ms: number;
  sends: number;
  /** Where the sends were made: the streams' own server, or a second one in another process. */
  sender: 'same process' | 'another process';
}

const MB = 1024 * 1024;

function settledMemory(): { rss: number; heap: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Opens `streams` event streams (one per member, from a child process) on an in-process bench
 * server, reads how much the server's memory grew, then sends `sends` messages one after the
 * other from the heavy member into threads whose other member has a stream open, timing each
 * from the start of the POST to the event's arrival. The threads are put back afterwards.
 * `crossProcess` (Postgres): the sends go to a second bench server in the clients' process,
 * so every event travels through the database's LISTEN/NOTIFY bus from one process to another.
 */
export async function measureSse(
  database: BenchDatabase,
  size: DatasetSize,
  counts: { streams: number; sends: number },
  label: string,
  { crossProcess = false }: { crossProcess?: boolean } = {},
): Promise<SseFigures> {
  const server = await startBenchServer(database, () => {}, { liveUpdates: { maxStreamsPerUser: 5 } });
  const users = Array.from({ length: counts.streams }, (_, i) => String(3 + i));
  // The heavy member's thread t is with member 3 + t: pick threads whose partner listens.
  const reachable = Math.min(size.heavyThreads, counts.streams);
  const sends = Array.from({ length: counts.sends }, (_, i) => {
    const t = Math.floor((i * reachable) / counts.sends);
    return { threadId: threadId(size, t), recipient: threadMembers(size, t)[1] };
  });
  const runner = await openRunner(database);
  const restores: (() => Promise<void>)[] = [];
  for (const id of new Set(sends.map((s) => s.threadId))) restores.push(await snapshotThread(runner, id, size.messages));
  const child = fork(fileURLToPath(new URL('./sse-clients.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<{ type: string; count?: number; latencies?: number[]; message?: string }>((resolve, reject) => {
      child.once('message', (m: any) => (m.type === 'error' ? reject(new Error(`${label} SSE: ${m.message}`)) : resolve(m)));
      child.once('exit', (code) => reject(new Error(`${label} SSE client exited with ${code}`)));
    });
  try {
    // One inbox request first, so the router's and the database's one-time costs are not counted.
    await (await fetch(`${server.url}/messages/api/threads`, { headers: { 'x-bench-user': HEAVY_MEMBER } })).text();
    const before = settledMemory();
    const job: SseJob = { url: server.url, users, senderId: HEAVY_MEMBER, sends, ...(crossProcess ? { senderDatabase: database } : {}) };
    child.send(job);
    const opened = await next();
    const after = settledMemory();
    log(`${label} SSE: ${opened.count} streams open, server RSS +${((after.rss - before.rss) / MB).toFixed(1)} MB, heap +${((after.heap - before.heap) / MB).toFixed(1)} MB`);
    child.send('send');
    const done = await next();
    const sorted = [...done.latencies!].sort((a, b) => a - b);
    log(
      `${label} SSE: ${sorted.length} sends${crossProcess ? ' from another process' : ''}, delivery p50 ${median(sorted).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    );
    return {
      streams_mb: (after.rss - before.rss) / MB,
      streams_heap_mb: (after.heap - before.heap) / MB,
      streams: opened.count!,
      delivery_p50_ms: median(sorted),
      delivery_p99_ms: percentile(sorted, 99),
      sends: sorted.length,
      sender: crossProcess ? 'another process' : 'same process',
    };
  } finally {
    child.kill();
    await server.close();
    for (const restore of restores) await restore();
    await runner.close();
  }
}
