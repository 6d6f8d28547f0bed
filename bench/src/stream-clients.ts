/**
 * Child process of measure-streams: holds event streams open on a bench server and counts the
 * `message` events they receive, and makes sends whose count must be exact, so that the
 * clients' memory and CPU stay out of the server's figures.
 * IPC, one answer per command: `open` → `opened`, `count` → `count`, `send` → `sent`, `close` → `closed`.
 */
import http from 'node:http';

export type StreamCommand =
  | { type: 'open'; url: string; users: string[] }
  | { type: 'count' }
  | { type: 'send'; url: string; senderId: string; threadIds: string[]; perThread: number }
  | { type: 'close' };

export type StreamAnswer =
  | { type: 'opened'; count: number }
  | { type: 'count'; delivered: number; open: number }
  | { type: 'sent' }
  | { type: 'closed' }
  | { type: 'error'; message: string };

const streams: http.ClientRequest[] = [];
let delivered = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * Opens one stream and counts its `message` events; resolves once its first event (the unread
 * total) arrived, so the server's work of opening it is over before anything is measured.
 */
function openStream(base: string, user: string): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/messages/api/events`, { agent: new http.Agent({ keepAlive: false }), headers: { 'x-bench-user': user, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream of ${user}: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end);
          if (event.includes('\nevent: message\n')) delivered += 1;
          if (event.includes('\nevent: unread\n')) resolve(req);
          buffer = buffer.slice(end + 2);
        }
      });
    });
    req.on('error', (err) => {
      if (!req.destroyed || !streams.includes(req)) reject(err);
    });
  });
}

function post(url: string, senderId: string, threadId: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/messages/api/threads/${threadId}/messages`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', 'x-bench-user': senderId } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`send: HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ body }));
  });
}

async function run(command: StreamCommand): Promise<StreamAnswer> {
  switch (command.type) {
    case 'open':
      for (let i = 0; i < command.users.length; i += 100) {
        streams.push(...(await Promise.all(command.users.slice(i, i + 100).map((u) => openStream(command.url, u)))));
      }
      return { type: 'opened', count: streams.length };
    case 'count':
      return { type: 'count', delivered, open: streams.length };
    case 'send':
      // The threads in parallel, each thread's sends one after the other.
      await Promise.all(
        command.threadIds.map(async (threadId) => {
          for (let i = 0; i < command.perThread; i++) await post(command.url, command.senderId, threadId, `bench-streams ${i}`);
        }),
      );
      return { type: 'sent' };
    case 'close':
      for (const s of streams.splice(0)) s.destroy();
      delivered = 0;
      return { type: 'closed' };
  }
}

process.on('message', (command: StreamCommand) => {
  run(command).then(
    (answer) => process.send!(answer),
    (err) => process.send!({ type: 'error', message: String((err as Error)?.message ?? err) } satisfies StreamAnswer),
  );
});
