/**
 * Child process of measure-attachments: makes N uploads at once to `POST /messages/api/attachments`,
 * each a multipart body of `bytes` bytes streamed from a small repeated block (a PDF header, then
 * filler), so that neither the clients' buffers nor their CPU count in the server's figures.
 * IPC, one answer per command: `upload` → `uploaded` (every upload's status and time), `close` → `closed`.
 */
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';

/** `file`: upload this file (a photo) instead of a generated PDF of `bytes` bytes. */
export type UploadCommand = { type: 'upload'; url: string; uploaderIds: string[]; bytes: number; file?: { path: string; name: string; type: string } } | { type: 'close' };

export type UploadAnswer = { type: 'uploaded'; statuses: number[]; ms: number[] } | { type: 'closed' } | { type: 'error'; message: string };

const BOUNDARY = 'bench-upload-boundary-7d3f';
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** One upload of a PDF-looking file of `bytes` bytes (or of `file`), streamed in 64 KiB writes that wait for the socket. */
function uploadOne(base: string, uploaderId: string, size: number, file?: { path: string; name: string; type: string }): Promise<{ status: number; ms: number }> {
  const name = file?.name ?? `report-${uploaderId}.pdf`;
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${file?.type ?? 'application/pdf'}\r\n\r\n`);
  const bytes = file ? statSync(file.path).size : size;
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const pdfHead = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1');
  const pdfTail = Buffer.from('\n%%EOF\n');
  const filler = Buffer.alloc(64 * 1024, 0x20);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/messages/api/attachments`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': String(head.length + bytes + tail.length),
          'sec-fetch-site': 'same-origin',
          'x-bench-user': uploaderId,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    if (file) {
      req.write(head);
      const source = createReadStream(file.path, { highWaterMark: 64 * 1024 });
      source.on('data', (chunk) => {
        if (!req.write(chunk)) {
          source.pause();
          req.once('drain', () => source.resume());
        }
      });
      source.on('end', () => req.end(tail));
      source.on('error', reject);
      return;
    }
    let left = bytes - pdfHead.length - pdfTail.length;
    const pump = () => {
      while (left > 0) {
        const chunk = left >= filler.length ? filler : filler.subarray(0, left);
        left -= chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.write(pdfTail);
      req.end(tail);
    };
    req.write(head);
    req.write(pdfHead);
    pump();
  });
}

process.on('message', async (command: UploadCommand) => {
  try {
    if (command.type === 'upload') {
      const results = await Promise.all(command.uploaderIds.map((id) => uploadOne(command.url, id, command.bytes, command.file)));
      process.send!({ type: 'uploaded', statuses: results.map((r) => r.status), ms: results.map((r) => r.ms) } satisfies UploadAnswer);
    } else {
      agent.destroy();
      process.send!({ type: 'closed' } satisfies UploadAnswer, () => process.exit(0));
    }
  } catch (err) {
    process.send!({ type: 'error', message: String((err as Error)?.message ?? err) } satisfies UploadAnswer);
  }
});
