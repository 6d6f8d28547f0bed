/**
 * Issue 17's figures, on a SQLite database of their own (a temp file, removed afterwards), with
 * attachments on and the default storage (the bytes in the messaging database):
 * - what 20 uploads of 10 MB at once cost the server's memory: the uploads come from a child
 *   process (`src/upload-clients.ts`), the server samples its own memory every 10 ms;
 * - what an attachment adds to a send: `POST /api/threads/:id/messages` with one staged file's
 *   id / the same send without, taking turns.
 * See bench/README.md for each figure.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchServer, jsonWriteHeaders, startBenchServer } from './bench-server.js';
import type { UploadAnswer, UploadCommand } from './upload-clients.js';
import { log, median, REPO_DIR, round } from './support.js';

const MB = 1024 * 1024;
/** 10 MB as a person says it (10,000,000 bytes): under the default limit of 10 MiB. */
export const UPLOAD_BYTES = 10_000_000;
export const PARALLEL_UPLOADS = 20;

export interface AttachmentsDatabase {
  file: string;
  server: BenchServer;
  /** A direct thread of member 2 and member 3, for the send figures. */
  threadId: string;
  drop(): Promise<void>;
}

/**
 * A photo of about 10 MB (under the 10 MiB limit): noise, which JPEG cannot compress, at a
 * size that lands there. sharp comes from the package's own dependencies (the bench has none).
 */
async function writeTenMegabytePhoto(path: string): Promise<number> {
  type Sharp = (input: { create: object }) => { jpeg(options: { quality: number }): { toBuffer(): Promise<Buffer> } };
  const sharp = createRequire(join(REPO_DIR, 'packages/messaging/package.json'))('sharp') as Sharp;
  for (const side of [3600, 3400, 3200, 3000, 2800, 2600]) {
    const jpeg = await sharp({ create: { width: side, height: side, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
      .jpeg({ quality: 92 })
      .toBuffer();
    if (jpeg.length <= 10 * MB) {
      writeFileSync(path, jpeg);
      return jpeg.length;
    }
  }
  throw new Error('could not make a photo under 10 MiB');
}

/** A fresh SQLite file and a bench server over it with attachments on (a daily cap far above what the figures upload). */
export async function attachmentsDatabase(): Promise<AttachmentsDatabase> {
  const file = join(tmpdir(), `bench_attachments_${randomBytes(4).toString('hex')}.sqlite`);
  const server = await startBenchServer({ sqlite: file }, () => {}, { attachments: { maxBytesPerMemberPerDay: 1024 * 1024 * MB } });
  const { thread } = await server.messaging.conversations.startConversation({ senderId: '2', recipientIds: ['3'], body: 'Photos of the bike?' });
  return {
    file,
    server,
    threadId: thread.id,
    async drop() {
      await server.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

function ask(child: ChildProcess, command: UploadCommand): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    child.once('message', (answer: UploadAnswer) => (answer.type === 'error' ? reject(new Error(answer.message)) : resolve(answer)));
    child.send(command);
  });
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
/** V8 heap plus the Buffers outside it: a stream that kept whole files would show in `arrayBuffers`. */
const heapAndBuffers = () => {
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.arrayBuffers, rss: m.rss };
};

type Photo = { path: string; name: string; type: string };

/**
 * One measured round: 4 uploads as a warm-up (compiled code, SQLite's page cache, the
 * parser's first buffers are not the uploads' cost), a full GC, then 20 at once while the
 * server samples its memory every 10 ms. Peak growth per upload, in MB, and the times.
 */
async function uploadRound(child: ChildProcess, db: AttachmentsDatabase, members: (round: string, n: number) => string[], file?: Photo) {
  const warm = await ask(child, { type: 'upload', url: db.server.url, uploaderIds: members('1', 4), bytes: UPLOAD_BYTES, ...(file ? { file } : {}) });
  if (warm.type !== 'uploaded' || warm.statuses.some((s) => s !== 201)) throw new Error(`warm-up uploads answered ${JSON.stringify(warm)}`);
  gc();
  gc();
  const before = heapAndBuffers();
  let peak = { ...before };
  const timer = setInterval(() => {
    const now = heapAndBuffers();
    peak = { js: Math.max(peak.js, now.js), rss: Math.max(peak.rss, now.rss) };
  }, 10);
  const answer = await ask(child, { type: 'upload', url: db.server.url, uploaderIds: members('2', PARALLEL_UPLOADS), bytes: UPLOAD_BYTES, ...(file ? { file } : {}) });
  clearInterval(timer);
  if (answer.type !== 'uploaded' || answer.statuses.some((s) => s !== 201))
    throw new Error(`uploads answered ${JSON.stringify(answer.type === 'uploaded' ? answer.statuses : answer)}`);
  gc();
  const after = heapAndBuffers();
  log(`attachments: 20 × ${file ? 'photo' : '10 MB PDF'}, heap+buffers peak +${round((peak.js - before.js) / MB, 1)} MB, RSS peak +${round((peak.rss - before.rss) / MB, 1)} MB`);
  return {
    memory: round((peak.js - before.js) / MB / PARALLEL_UPLOADS, 2),
    rss: round((peak.rss - before.rss) / MB / PARALLEL_UPLOADS, 2),
    p50: round(median(answer.ms), 0),
    details: {
      before_mb: { js: round(before.js / MB, 1), rss: round(before.rss / MB, 1) },
      peak_mb: { js: round(peak.js / MB, 1), rss: round(peak.rss / MB, 1) },
      after_gc_mb: { js: round(after.js / MB, 1), rss: round(after.rss / MB, 1) },
      upload_ms: answer.ms.map((ms) => round(ms, 0)),
    },
  };
}

/**
 * 20 parallel uploads of 10 MB through the route, twice: a PDF (stored as it streams in) and a
 * photo of about 9 MB (an image is re-encoded by sharp, which needs its bytes and pixels).
 * Figures per upload, in MB: the peak growth of V8 heap + Buffers (`attachments_upload_memory_mb`,
 * `attachments_upload_image_memory_mb`) and of the process's RSS (`…_rss_mb`), each / 20;
 * and the uploads' median times.
 */
export async function measureUploadMemory(db: AttachmentsDatabase, run: number) {
  const child = fork(fileURLToPath(new URL('./upload-clients.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const photo: Photo = { path: `${db.file}.photo.jpg`, name: 'photo.jpg', type: 'image/jpeg' };
  try {
    const photoBytes = await writeTenMegabytePhoto(photo.path);
    const pdf = await uploadRound(child, db, (round, n) => Array.from({ length: n }, (_, i) => `${5000 + run * 100 + i}${round}`));
    const image = await uploadRound(child, db, (round, n) => Array.from({ length: n }, (_, i) => `${7000 + run * 100 + i}${round}`), photo);
    return {
      figures: {
        attachments_upload_memory_mb: pdf.memory,
        attachments_upload_rss_mb: pdf.rss,
        attachments_upload_p50_ms: pdf.p50,
        attachments_upload_image_memory_mb: image.memory,
        attachments_upload_image_rss_mb: image.rss,
        attachments_upload_image_p50_ms: image.p50,
      },
      details: { pdf: pdf.details, image: { ...image.details, photo_bytes: photoBytes } },
    };
  } finally {
    await ask(child, { type: 'close' }).catch(() => {});
    child.kill();
    rmSync(photo.path, { force: true });
  }
}

/** A small PDF (about 40 KB) staged through the route by member 2; its id and the upload's time. */
async function stageSmallPdf(url: string, n: number): Promise<{ id: string; ms: number }> {
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(40_000, 0x20), Buffer.from('\n%%EOF\n')]);
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), `quote-${n}.pdf`);
  const started = performance.now();
  const res = await fetch(`${url}/messages/api/attachments`, { method: 'POST', body: form, headers: { 'sec-fetch-site': 'same-origin', 'x-bench-user': '2' } });
  const ms = performance.now() - started;
  const body = (await res.json()) as { attachment?: { id: string } };
  if (res.status !== 201 || !body.attachment) throw new Error(`upload answered ${res.status} ${JSON.stringify(body)}`);
  return { id: body.attachment.id, ms };
}

async function timedSend(url: string, threadId: string, attachmentIds: string[] | undefined): Promise<number> {
  const payload = JSON.stringify({ body: 'Here is the quote.', ...(attachmentIds ? { attachmentIds } : {}) });
  const started = performance.now();
  const res = await fetch(`${url}/messages/api/threads/${threadId}/messages`, { method: 'POST', body: payload, headers: jsonWriteHeaders('2') });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`send answered ${res.status}`);
  return ms;
}

/**
 * `sends` sends with one attachment (staged just before, outside the timing) and as many
 * without, one at a time, taking turns (with, without, without, with, …), after 10 of each as
 * a warm-up. `attachments_send_ratio` = median time with / median time without;
 * `attachments_small_upload_ms`: the median time of those 40 KB uploads.
 */
export async function measureSendCost(db: AttachmentsDatabase, sends: number) {
  const withMs: number[] = [];
  const withoutMs: number[] = [];
  const uploadMs: number[] = [];
  for (let i = 0; i < sends + 10; i++) {
    const staged = await stageSmallPdf(db.server.url, i);
    const order = i % 2 === 0 ? [true, false] : [false, true];
    for (const withFile of order) {
      const ms = await timedSend(db.server.url, db.threadId, withFile ? [staged.id] : undefined);
      if (i < 10) continue;
      (withFile ? withMs : withoutMs).push(ms);
    }
    if (i >= 10) uploadMs.push(staged.ms);
  }
  return {
    figures: {
      attachments_send_ratio: round(median(withMs) / median(withoutMs), 3),
      attachments_send_with_ms: round(median(withMs), 2),
      attachments_send_without_ms: round(median(withoutMs), 2),
      attachments_small_upload_ms: round(median(uploadMs), 2),
    },
  };
}
