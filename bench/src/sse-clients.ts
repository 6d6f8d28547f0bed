/**
 * Child process of measure-sse: holds many event streams open on the bench server, so their
 * client-side memory stays out of the server's figures, then times sends to their receipt
 * (on Postgres, sent through a second bench server that this process runs).
 * Talks to the parent over IPC: receives `SseJob`, answers 'open', waits for 'send', answers
 * with the latencies.
 */
import http from 'node:http';
import type { BenchDatabase } from './bench-server.js';

export interface SseJob {
  url: string;
  /**
   * When set, sends go to a bench server this process starts on that database, not to the
   * streams' server: the Postgres bus then carries each event from one process to another.
   */
  senderDatabase?: BenchDatabase;
  /** One stream per member. */
  users: string[];
  senderId: string;
  /** Messages to send, one after the other: thread and the member whose stream must get it. */
  sends: { threadId: string; recipient: string }[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const waiting = new Map<string, (at: number) => void>(); // body marker -> resolver
const now = () => performance.now();

/** Opens one stream and resolves once the server has answered 200. */
function openStream(base: string, user: string): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/messages/api/events`, { agent: new http.Agent({ keepAlive: false }), headers: { 'x-bench-user': user, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream of ${user}: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const at = now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const marker = /"body":"(bench-sse-\d+)/.exec(event)?.[1];
          if (marker) waiting.get(`${user}:${marker}`)?.(at);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}

function send(job: SseJob, senderUrl: string, threadId: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${senderUrl}/messages/api/threads/${threadId}/messages`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', 'x-bench-user': job.senderId } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`send: HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ body }));
  });
}

async function run(job: SseJob): Promise<void> {
  const streams: http.ClientRequest[] = [];
  for (let i = 0; i < job.users.length; i += 100) {
    streams.push(...(await Promise.all(job.users.slice(i, i + 100).map((u) => openStream(job.url, u)))));
  }
  // Loaded only for this case, so that the clients' process stays small otherwise.
  const sender = job.senderDatabase ? await (await import('./bench-server.js')).startBenchServer(job.senderDatabase) : undefined;
  const senderUrl = sender?.url ?? job.url;
  if (sender) await send(job, senderUrl, job.sends[0]!.threadId, 'bench-warm-up'); // the sender's first-request costs
  process.send!({ type: 'open', count: streams.length });
  await new Promise((resolve) => process.once('message', resolve));

  const latencies: number[] = [];
  for (const [i, s] of job.sends.entries()) {
    const marker = `bench-sse-${i}`;
    const received = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event for ${marker} on ${s.recipient}'s stream within 10 s`)), 10_000);
      waiting.set(`${s.recipient}:${marker}`, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
    const started = now();
    await send(job, senderUrl, s.threadId, marker);
    latencies.push((await received) - started);
  }
  for (const s of streams) s.destroy();
  await sender?.close();
  process.send!({ type: 'done', latencies });
}

process.once('message', (job: SseJob) => {
  run(job).catch((err) => {
    process.send!({ type: 'error', message: String((err as Error)?.message ?? err) });
  });
});
