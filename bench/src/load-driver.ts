/**
 * Child process of load.ts: runs autocannon on its own event loop (and its own core when
 * one is free), so the load generator never shares the loop of the in-process servers it
 * measures. Started once per bench run; takes jobs over IPC and answers with the results.
 */
import autocannon from 'autocannon';
import type { LoadJob } from './load.js';

process.on('message', (job: LoadJob) => {
  let next = 0;
  let nextRotation = 0;
  const { paths, rotateHeaders, durationS, ...options } = job.options;
  const path = new URL(options.url).pathname + new URL(options.url).search;
  autocannon({
    ...options,
    method: options.method as autocannon.Request['method'],
    duration: durationS,
    // Hands each connection its own path, round robin (e.g. one thread per connection).
    ...(paths ? { setupClient: (client: autocannon.Client) => client.setRequests([{ path: paths[next++ % paths.length]! }]) } : {}),
    // Or each connection its own share of the rotating headers, sent in turn.
    ...(rotateHeaders
      ? {
          setupClient: (client: autocannon.Client) => {
            const c = nextRotation++;
            const mine = rotateHeaders.filter((_, i) => i % options.connections === c % options.connections);
            client.setRequests(mine.map((headers) => ({ method: options.method as autocannon.Request['method'], path, headers: { ...options.headers, ...headers } })));
          },
        }
      : {}),
  }).then(
    (result) =>
      process.send!({
        id: job.id,
        result: {
          requests: result.requests.total,
          seconds: result.duration,
          failures: result.non2xx + result.errors + result.timeouts,
          p50: result.latency.p50,
          p99: result.latency.p99,
        },
      }),
    (err: unknown) => process.send!({ id: job.id, error: String((err as Error)?.message ?? err) }),
  );
});
