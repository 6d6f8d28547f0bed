import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';
import { createRecordingLogger } from '../helpers/shared-database.js';
import { eventually, openEventStream, openStalledEventStream, type SseClient, type SseEvent, startServer } from '../helpers/sse-client.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const CAP = 256 * 1024;
const BODY_CHARS = 100_000;
/** 8 MB of events: more than the kernel's socket buffers on loopback take (about 4 MB) plus the cap. */
const MESSAGES = 80;

/**
 * What the host's `compression` middleware does to a response, without compressing: writes go
 * into a stream of its own whose buffer grows while the socket is full (so `writableLength`
 * does not see it), `res.write` returns that stream's answer, and 'drain' listeners move to it.
 */
function compressionLikeLayer(_req: any, res: any, next: () => void): void {
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const on = res.on.bind(res);
  const layer = new PassThrough();
  layer.on('data', (chunk: Buffer) => {
    if (!write(chunk)) layer.pause();
  });
  on('drain', () => layer.resume());
  res.write = (chunk: string | Buffer) => layer.write(chunk);
  res.end = (chunk?: string | Buffer) => {
    if (chunk) layer.write(chunk);
    layer.once('end', () => end());
    layer.end();
    return res;
  };
  res.on = (type: string, listener: (...args: any[]) => void) => (type === 'drain' ? (layer.on('drain', listener), res) : on(type, listener));
  res.flush = () => {};
  next();
}

const isMessage = (e: SseEvent) => e.event === 'message';
const messageIdOf = (e: SseEvent) => JSON.parse(e.data).message.id as string;

describe(`a live stream whose client stops reading, on ${TEST_DIALECT}`, () => {
  it.each([
    ['', undefined],
    [' (behind a host layer that buffers like compression)', compressionLikeLayer],
  ])(
    'is closed once it would buffer more than maxBufferedBytes; a reading client of the same member gets everything, and the slow one resumes%s',
    async (_, layer) => {
      const logger = createRecordingLogger();
      const t: HttpTestApp = await createHttpTestApp({
        overrides: { logger, limits: { maxMessageLength: BODY_CHARS, maxBodyBytes: 2 * BODY_CHARS }, liveUpdates: { maxBufferedBytes: CAP } },
        ...(layer ? { before: (app: any) => app.use(layer) } : {}),
      });
      const server = await startServer(t.app);
      const clients: Array<{ close(): void }> = [];
      cleanups.push(async () => {
        for (const c of clients) c.close();
        await server.close();
        await t.cleanup();
      });
      const url = `${server.url}${t.mount}/api/events`;
      const open = async (headers: Record<string, string> = {}): Promise<SseClient> => {
        const client = await openEventStream(url, { 'x-test-user': '2', ...headers });
        clients.push(client);
        return client;
      };

      const { threadId } = await startThread(t, '1', ['2'], 'hello');
      const reader = await open();
      await reader.nextMatching((e) => e.event === 'unread');
      const stalled = await openStalledEventStream(url, { 'x-test-user': '2' });
      clients.push(stalled);
      expect(t.messaging.openStreams()).toBe(2);

      const sent: string[] = [];
      for (let i = 0; i < MESSAGES; i++) {
        const res = await t
          .as('1')
          .post(`/api/threads/${threadId}/messages`)
          .send({ body: `${i} `.padEnd(BODY_CHARS, 'x') });
        expect(res.status).toBe(201);
        sent.push(res.body.message.id);
      }

      // The reading client gets every message, once each and in order.
      await reader.nextMatching((e) => isMessage(e) && messageIdOf(e) === sent.at(-1), 30_000);
      expect(reader.events.filter(isMessage).map(messageIdOf)).toEqual(sent);

      // The stalled one was closed by the server, never having held more than the cap.
      await eventually(() => t.messaging.openStreams() === 1, 10_000, 'the stalled stream to be closed');
      const stats = t.messaging.metrics();
      expect(stats.slowStreamsClosed).toBe(1);
      expect(stats.streamBufferPeakBytes).toBeLessThanOrEqual(CAP);
      expect(stats.streamBufferPeakBytes).toBeGreaterThan(CAP / 2); // it did fill up: the cap was what stopped it
      expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining('slow') }));

      // Reconnecting from the last id it read replays all it missed (8 MB, paced to the reader).
      const resumed = await open({ 'last-event-id': stalled.lastEventId });
      await resumed.nextMatching((e) => e.event === 'unread', 30_000);
      expect(resumed.events.filter(isMessage).map(messageIdOf)).toEqual(sent);
      expect(t.messaging.openStreams()).toBe(2);
      expect(t.messaging.metrics().slowStreamsClosed).toBe(1);
    },
    60_000,
  );
});
