import { Agent, request } from 'node:http';

/** What came back, or `error` when no answer did (connection refused or reset: a killed server). */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
  error?: string;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The signed-in member (`x-test-user`); null or absent for a visitor. */
  user?: string | null;
  /** Sent as JSON unless it is already a string or Buffer (then as it is, with `headers` saying what it is). */
  body?: unknown;
  headers?: Record<string, string>;
}

// Keep-alive, as a browser's connection pool would; enough sockets for the concurrent clients.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request to 127.0.0.1 over node:http (not fetch), so that a test controls every header
 * (no Content-Type is added, none is dropped). Never rejects: a failed connection is an
 * answer with status 0 and `error`.
 */
export function call(url: string, options: CallOptions = {}): Promise<Answer> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = {};
  if (options.user !== undefined && options.user !== null) headers['x-test-user'] = options.user;
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    payload = Buffer.isBuffer(options.body) ? options.body : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    if (typeof options.body !== 'string' && !Buffer.isBuffer(options.body)) headers['content-type'] = 'application/json';
  }
  if (method === 'POST') headers['sec-fetch-site'] = 'same-origin';
  Object.assign(headers, options.headers);
  if (payload) headers['content-length'] = String(payload.length);
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const done = (answer: Answer) => {
      if (!settled) resolve(answer);
      settled = true;
    };
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => done({ status: 0, headers: {}, text: '', json: undefined, error: err.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        done({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', (err) => done({ status: 0, headers: {}, text: '', json: undefined, error: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}` }));
    req.end(payload);
  });
}

/** Starts a conversation over the JSON API and returns the thread id (throws on anything but 200/201). */
export async function startThread(base: string, from: string, to: string[], body: string): Promise<string> {
  const answer = await call(`${base}/api/threads`, { user: from, body: { recipientIds: to, body } });
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`could not start a thread: ${answer.status} ${answer.text} ${answer.error ?? ''}`);
  return answer.json.thread.id as string;
}
