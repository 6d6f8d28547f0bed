import type express from 'express';
import { type BenchDatabase, jsonWriteHeaders, startBenchServer } from './bench-server.js';
import { type DatasetSize, BIG_THREAD_MEMBERS, HEAVY_MEMBER, SMALL_THREAD_MEMBERS, bigThreadIndex, smallThreadIndex, threadId } from './dataset-plan.js';
import { type GroupEntry, type GroupTiming, type LoadResult, loadGroup, pairedRatio } from './load.js';
import { sameSqlPath, sameSqlSend } from './same-sql-send.js';
import { openRunner, snapshotThread } from './sql-runner.js';
import { log } from './support.js';

export interface HttpFigures {
  send_vs_insert_ratio: number;
  send_vs_noop_ratio: number;
  /** Our send / a bare route running the same SQL through the raw driver (same-sql-send.ts). */
  send_vs_same_sql_ratio: number;
  /** Full runs only. */
  send_one_thread_vs_insert_ratio?: number;
  inbox_vs_trivial_ratio: number;
  inbox_scale_ratio: number;
  thread_scale_ratio: number;
  /** Every load run behind the ratios, by name. */
  runs: Record<string, LoadResult>;
}

/** The bare INSERT route this database is compared with. */
export interface BareInsert {
  path: string;
  routes: (app: express.Express) => void;
}

/**
 * The router's figures on one kind of database: two bench servers (the big dataset and the
 * one ten times smaller); the reads and the writes each measured as a group (see loadGroup).
 * Sends go to the heavy member's threads, put back as generated after.
 */
export async function measureHttp(
  databases: { main: BenchDatabase; small: BenchDatabase },
  sizes: { main: DatasetSize; small: DatasetSize },
  bare: BareInsert,
  timing: GroupTiming,
  label: string,
): Promise<HttpFigures> {
  const sameSql = sameSqlSend(databases.main);
  const main = await startBenchServer(databases.main, (app) => {
    bare.routes(app);
    sameSql.routes(app);
  });
  const small = await startBenchServer(databases.small);
  const runs: Record<string, LoadResult> = {};
  const group = async (entries: GroupEntry[]) => {
    const results = await loadGroup(entries, timing);
    for (const [name, result] of results) {
      if (result.failures > 0) throw new Error(`${label} ${name}: ${result.failures} of ${result.requests} requests failed`);
      runs[name] = result;
      log(
        `${label} ${name}: ${result.rps.toFixed(0)} req/s, ${result.msPerRequest.toFixed(2)} ms/request, p99 ${result.latencyP99Ms} ms, server CPU ${result.serverCpuUsPerRequest.toFixed(0)} µs/request`,
      );
    }
    return (name: string) => results.get(name)!;
  };
  const as = (user: string) => ({ headers: { 'x-bench-user': user } });
  const threadUrl = (server: { url: string }, size: DatasetSize, t: number) => `${server.url}/messages/api/threads/${threadId(size, t)}`;

  try {
    const reads = await group([
      { name: 'trivial', options: { url: `${main.url}/trivial`, ...as(HEAVY_MEMBER) } },
      { name: 'inbox_main', options: { url: `${main.url}/messages/api/threads`, ...as(HEAVY_MEMBER) } },
      { name: 'inbox_small', options: { url: `${small.url}/messages/api/threads`, ...as(HEAVY_MEMBER) } },
      { name: 'thread_big', options: { url: threadUrl(main, sizes.main, bigThreadIndex(sizes.main)), ...as(BIG_THREAD_MEMBERS[0]) } },
      { name: 'thread_small', options: { url: threadUrl(main, sizes.main, smallThreadIndex(sizes.main)), ...as(SMALL_THREAD_MEMBERS[0]) } },
    ]);

    // Sends: each connection writes in a thread of its own (ten conversations at once), and
    // all of them in one thread (a hot group chat), where sends queue on the thread's lock.
    const body = JSON.stringify({ body: 'A benchmark message of ordinary length, about one line of text.' });
    const post = { method: 'POST' as const, headers: jsonWriteHeaders(HEAVY_MEMBER), body };
    const sendPaths = Array.from({ length: timing.connections }, (_, t) => `/messages/api/threads/${threadId(sizes.main, t)}/messages`);
    const runner = await openRunner(databases.main);
    const restores: (() => Promise<void>)[] = [];
    for (let t = 0; t < sendPaths.length; t++) restores.push(await snapshotThread(runner, threadId(sizes.main, t), sizes.main.messages));
    let writes: (name: string) => LoadResult;
    try {
      writes = await group([
        { name: 'bare_noop', options: { url: `${main.url}/bare/noop`, ...post } },
        { name: 'bare_insert', options: { url: `${main.url}${bare.path}`, ...post } },
        { name: 'send', options: { url: main.url, paths: sendPaths, ...post } },
        { name: 'same_sql_send', options: { url: main.url, paths: sendPaths.map((_, t) => sameSqlPath(threadId(sizes.main, t))), ...post } },
        ...(timing.durationS > 2 ? [{ name: 'send_one_thread', options: { url: `${main.url}${sendPaths[0]}`, ...post } }] : []),
      ]);
    } finally {
      // No REINDEX or VACUUM after: the sends' dead index entries are the package's to keep in check (issue 18).
      for (const restore of restores) await restore();
      await runner.close();
    }
    const [send, insert] = [writes('send'), writes('bare_insert')];
    return {
      send_vs_insert_ratio: pairedRatio(send, insert, 'rps'),
      ...(runs.send_one_thread ? { send_one_thread_vs_insert_ratio: pairedRatio(runs.send_one_thread, insert, 'rps') } : {}),
      send_vs_noop_ratio: pairedRatio(send, writes('bare_noop'), 'rps'),
      send_vs_same_sql_ratio: pairedRatio(send, writes('same_sql_send'), 'rps'),
      inbox_vs_trivial_ratio: pairedRatio(reads('inbox_main'), reads('trivial'), 'time'),
      inbox_scale_ratio: pairedRatio(reads('inbox_main'), reads('inbox_small'), 'time'),
      thread_scale_ratio: pairedRatio(reads('thread_big'), reads('thread_small'), 'time'),
      runs,
    };
  } finally {
    await main.close();
    await small.close();
    await sameSql.close();
  }
}
