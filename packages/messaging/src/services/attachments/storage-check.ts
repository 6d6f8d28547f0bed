import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AttachmentStorage } from '../../attachment-options.js';
import { randomId } from './storage.js';

/** Options of {@link checkAttachmentStorage}. */
export interface AttachmentStorageCheckOptions {
  /** Size of the file that must go in and out without being held in memory. @default 67108864 (64 MiB) */
  largeFileBytes?: number;
}

/**
 * Checks an {@link AttachmentStorage} against what the package relies on, with real writes
 * (under fresh random keys, deleted at the end). A plain async function: call it from any test
 * runner; it throws an `Error` whose message names the property that failed.
 *
 * Checked: bytes come back exactly (an empty file, a small one, one over several 256 KiB
 * chunks given in odd-sized pieces, a Node stream and an async iterable); `get` of an unknown
 * key is null; `delete` removes and is idempotent (also for an unknown key); `get` streams (a
 * large file arrives in pieces); a large file is stored and read without the process holding
 * it in memory: memory is sampled after garbage collections, and the put or the read fails when
 * both samples of its last quarter exceed half the file (a driver's passing buffers are allowed).
 * @example await checkAttachmentStorage(myS3Storage)
 */
export async function checkAttachmentStorage(storage: AttachmentStorage, options: AttachmentStorageCheckOptions = {}): Promise<void> {
  for (const method of ['put', 'get', 'delete'] as const) {
    if (typeof storage?.[method] !== 'function') throw new Error(`checkAttachmentStorage: "${method}" must be a function`);
  }
  const large = options.largeFileBytes ?? 64 * 1024 * 1024;
  const keys: string[] = [];
  const key = () => {
    const k = randomId();
    keys.push(k);
    return k;
  };
  try {
    const roundTrip = async (property: string, bytes: Buffer, body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>) => {
      const k = key();
      await storage.put(k, body, { size: bytes.length, contentType: 'application/octet-stream' });
      const back = await storage.get(k);
      if (back === null || back === undefined) throw new Error(`checkAttachmentStorage: ${property}: get() after put() answered null`);
      const read = await collect(back);
      if (!read.equals(bytes)) throw new Error(`checkAttachmentStorage: ${property}: get() gave back ${read.length} bytes that differ from the ${bytes.length} put`);
      return k;
    };
    await roundTrip('round trip of a small file', Buffer.from('hello, attachments\n'), Readable.from([Buffer.from('hello, '), Buffer.from('attachments\n')]));
    await roundTrip('round trip of an empty file', Buffer.alloc(0), Readable.from([], { objectMode: false }));
    const multi = pseudoRandom(2 * 256 * 1024 + 12_345, 7);
    await roundTrip('round trip of a multi-chunk file (Node stream)', multi, Readable.from(pieces(multi, 65_537), { objectMode: false }));
    const deleted = await roundTrip('round trip of a multi-chunk file (async iterable)', multi, pieces(multi, 100_003));

    if ((await storage.get(randomId())) !== null) throw new Error('checkAttachmentStorage: get() of an unknown key must answer null');

    await storage.delete(deleted);
    if ((await storage.get(deleted)) !== null) throw new Error('checkAttachmentStorage: get() after delete() must answer null');
    await storage.delete(deleted).catch((err) => {
      throw new Error(`checkAttachmentStorage: delete() must be idempotent (a second delete threw: ${String(err)})`);
    });
    await storage.delete(randomId()).catch((err) => {
      throw new Error(`checkAttachmentStorage: delete() of an unknown key must not throw (${String(err)})`);
    });

    await checkLargeFile(storage, key(), large);
  } finally {
    for (const k of keys) await storage.delete(k).catch(() => {});
  }
}

/** The large file: put from a lazy source and read back, each with memory sampled after collections. */
async function checkLargeFile(storage: AttachmentStorage, k: string, size: number): Promise<void> {
  const gc = garbageCollector();
  const used = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const every = Math.max(1, Math.floor(size / 8));
  const piece = 64 * 1024;
  const expected = createHash('sha256');
  const base = used();
  let samples: number[] = [];
  async function* source() {
    let sent = 0;
    let sinceSample = 0;
    while (sent < size) {
      const bytes = pseudoRandom(Math.min(piece, size - sent), sent);
      expected.update(bytes);
      sent += bytes.length;
      sinceSample += bytes.length;
      if (sinceSample >= every) {
        sinceSample = 0;
        samples.push(used() - base);
      }
      yield bytes;
    }
  }
  await storage.put(k, source(), { size, contentType: 'application/octet-stream' });
  const limit = size / 2;
  // A store that holds the file grows steadily: the last quarter's samples are all above half of it.
  const held = () => Math.min(...samples.slice(-2));
  if (samples.length >= 2 && held() > limit)
    throw new Error(`checkAttachmentStorage: put() of a large file must not hold it in memory (grew by ${mb(held())} for a ${mb(size)} file)`);

  const back = await storage.get(k);
  if (back === null) throw new Error('checkAttachmentStorage: get() of the large file answered null');
  const actual = createHash('sha256');
  let pieces = 0;
  let read = 0;
  let sinceSample = 0;
  samples = [];
  const readBase = used();
  for await (const chunk of back as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    actual.update(bytes);
    pieces += 1;
    read += bytes.length;
    sinceSample += bytes.length;
    if (sinceSample >= every) {
      sinceSample = 0;
      samples.push(used() - readBase);
    }
  }
  if (read !== size || actual.digest('hex') !== expected.digest('hex')) throw new Error(`checkAttachmentStorage: round trip of a large file gave back ${read} different bytes`);
  if (pieces < 2) throw new Error('checkAttachmentStorage: get() must stream (the large file came back as one piece)');
  if (samples.length >= 2 && held() > limit)
    throw new Error(`checkAttachmentStorage: get() of a large file must not hold it in memory (grew by ${mb(held())} for a ${mb(size)} file)`);
}

/** Node's garbage collector, exposed for this check (memory is compared after collections, not before). */
function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return gc;
}

async function collect(stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Bytes that differ from chunk to chunk (a storage that mixes chunks up is caught). */
function pseudoRandom(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = (seed * 2_654_435_761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
