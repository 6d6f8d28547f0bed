import { createServer, type RequestListener, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

/** One Server-Sent Event as a browser's EventSource would see it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/** A small fetch-based EventSource for tests: keeps every event, lets a test wait for the next. */
export interface SseClient {
  status: number;
  headers: Headers;
  /** The JSON body of a refused request (status other than 200). */
  errorBody: unknown;
  /** Every event received so far. */
  events: SseEvent[];
  /** The `retry:` hint, when one came. */
  retry: number | undefined;
  /** The next event not yet taken (waits for it); fails after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** Takes events until one matches; the skipped ones stay in `events`. */
  nextMatching(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Closes the connection from the client side. */
  close(): void;
}

/** Opens `url` as an event stream with the given headers. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  let taken = 0;
  let wake: (() => void) | undefined;
  let done = false;
  const client: SseClient = {
    status: res.status,
    headers: res.headers,
    errorBody: undefined,
    events,
    retry: undefined,
    next: (timeoutMs) => client.nextMatching(() => true, timeoutMs),
    async nextMatching(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (taken < events.length) {
          const e = events[taken++]!;
          if (match(e)) return e;
        }
        if (done) throw new Error(`the stream ended; events: ${JSON.stringify(events)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; events: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    ended: Promise.resolve(),
    close: () => abort.abort(),
  };
  if (res.status !== 200 || !res.body) {
    client.errorBody = await res.json().catch(() => undefined);
    done = true;
    return client;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  client.ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += value;
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = { id: undefined, event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const text = rest.join(':').replace(/^ /, '');
            if (field === 'id') event.id = text;
            else if (field === 'event') event.event = text;
            else if (field === 'retry') client.retry = Number(text);
            else if (field === 'data') {
              event.data += (hasData ? '\n' : '') + text;
              hasData = true;
            }
          }
          if (hasData) events.push(event);
        }
        wake?.();
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      wake?.();
    }
  })();
  return client;
}

/** An HTTP server on 127.0.0.1 and a free port, for a test. */
export async function startServer(app: RequestListener): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until `check()` is true (polling); fails after `timeoutMs`. For counts that settle after a disconnect. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A client that read the start of a stream and then stopped reading (its socket is paused). */
export interface StalledEventStream {
  /** The `id` of the first `unread` event, read before the client stopped. */
  lastEventId: string;
  close(): void;
}

/**
 * Opens `url` over a raw TCP socket, reads up to the first `unread` event and then never reads
 * again: what the server writes piles up in the kernel's buffers, then in the server's.
 */
export async function openStalledEventStream(url: string, headers: Record<string, string> = {}): Promise<StalledEventStream> {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {}); // a reset is the expected end
  const head = [`GET ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Accept: text/event-stream', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  const lastEventId = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const found = /\nid: ([^\n]+)\nevent: unread\n/.exec(text);
      if (!found) return;
      socket.off('data', onData);
      socket.pause();
      resolve(found[1]!);
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`the stream ended before its first unread event: ${text}`)));
  });
  return { lastEventId, close: () => socket.destroy() };
}
