import { pipeline, Readable } from 'node:stream';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';
import { requireEnabled, type SwitchAnswer } from '../guards/require-enabled.js';
import { currentViewer, requireViewer, viewerId } from '../guards/viewer.js';
import { securityHeaders } from '../responses/security-headers.js';
import type { AttachmentRouteService } from './dependencies.js';
import { clearFileHeaders, setFileHeaders } from './file-headers.js';
import { isMultipart } from './multipart.js';
import { RefusedUpload, takeUploads } from './upload-intake.js';
import { sendJson } from '../responses/json-answer.js';

/** Attachment ids are random URL-safe strings (services/attachments/storage.ts); anything else names none. */
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{16,100}$/;

/** The most of a variant without a stored size (a thumbnail) read ahead to know its length, bytes. */
const THUMBNAIL_READ_LIMIT = 1024 * 1024;

/**
 * Reads up to `limit` bytes of `stream`. When it ends within them: its size and a stream of
 * what was read. Otherwise: no size, and a stream of what was read followed by the rest.
 */
async function readSmall(stream: Readable, limit: number): Promise<{ size?: number; rest: Readable }> {
  const chunks: Buffer[] = [];
  let read = 0;
  const iterator = stream[Symbol.asyncIterator]();
  while (read <= limit) {
    const next = await iterator.next();
    if (next.done) return { size: read, rest: Readable.from(chunks) };
    const chunk = Buffer.from(next.value as Uint8Array);
    chunks.push(chunk);
    read += chunk.length;
  }
  async function* rest() {
    try {
      yield* chunks;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.from(next.value as Uint8Array);
    } finally {
      // Ended early (the client went away): the storage's stream is destroyed too.
      await iterator.return?.();
    }
  }
  return { rest: Readable.from(rest()) };
}

/** The file paths (relative to the router's mount), for the router's switch guard. */
export const ATTACHMENT_FILE_PATHS = ['/attachments/:attachmentId', '/attachments/:attachmentId/thumbnail'];

/** What the upload route needs besides the service: the instance's CSRF guard and write-attempt budget. */
export interface AttachmentRouteGuards {
  csrf: { guard: RequestHandler };
  writeAttempt: RequestHandler;
}

/**
 * `POST /api/attachments` (mounted at `/api`): one file in the multipart field `file`, staged
 * for the uploader's next send; 201 `{ attachment }`. Signed in, CSRF (header, Fetch Metadata
 * or Origin; a `_csrf` field before the file also works) and one write attempt, all before a
 * byte is stored. 415 for a body that is not multipart; 413, 415, 422 and 429 from the limits
 * and the service, with nothing stored.
 */
export function createAttachmentApiRoutes(ctx: HttpContext, service: AttachmentRouteService, guards: AttachmentRouteGuards): Router {
  const router = express.Router();
  router.post('/attachments', requireViewer(ctx, 'json'), function messagingUpload(req: Request, res: Response, next: NextFunction) {
    if (!isMultipart(req)) {
      req.resume();
      return next(new MessagingError('unsupported_media_type', 'Send the file as multipart/form-data, in the field "file".'));
    }
    const uploader = viewerId(res);
    takeUploads(req, res, service, uploader, { maxFiles: 1, maxFields: 10, maxFieldBytes: 1024, fileFields: ['file'] }, [guards.csrf.guard, guards.writeAttempt])
      .then(({ staged }) => {
        const [attachment] = staged;
        if (!attachment) throw new MessagingError('invalid_request', undefined, { details: [{ in: 'body', field: 'file', message: 'must hold one file' }] });
        sendJson(res, 201, { attachment });
      })
      .catch((err: unknown) => next(err instanceof RefusedUpload ? err.cause : err));
  });
  return router;
}

/** The `:attachmentId` parameter; a malformed one names no file (404, like an unknown one). */
function attachmentIdParam(req: Request): string {
  const id = req.params.attachmentId;
  if (typeof id !== 'string' || !ATTACHMENT_ID.test(id)) throw new MessagingError('not_found');
  return id;
}

/**
 * `GET /attachments/:attachmentId` and `.../thumbnail`: the bytes, streamed, to a current
 * participant of the message's thread only. Everyone else gets the same 404 as for a thread
 * they cannot see, visitors included (no redirect to sign in: a file is no page, and the
 * answer must not tell a file id apart from a random one). With the switch off, 404
 * `messaging_disabled` as every route. Headers: see {@link setFileHeaders}.
 */
export function createAttachmentFileRoutes(ctx: HttpContext, service: AttachmentRouteService, toggle: SwitchAnswer): Router {
  const router = express.Router();
  router.all(ATTACHMENT_FILE_PATHS, securityHeaders, requireEnabled(toggle));

  const serve = (variant: 'original' | 'thumbnail') =>
    function messagingAttachmentFile(req: Request, res: Response, next: NextFunction) {
      (async () => {
        const id = attachmentIdParam(req);
        const viewer = await currentViewer(ctx, req);
        const opened = viewer === null ? null : await service.open(viewer, id, variant);
        if (!opened) throw new MessagingError('not_found');
        let source: Readable = opened.stream;
        let size = opened.size ?? (variant === 'original' ? opened.meta.size : undefined);
        if (size === undefined) {
          // A thumbnail's size is not on its row: it is small (made by the server), so read it first for Content-Length.
          const small = await readSmall(opened.stream, THUMBNAIL_READ_LIMIT);
          source = small.rest;
          size = small.size;
        }
        setFileHeaders(res, { contentType: opened.contentType, name: opened.meta.name, ...(size === undefined ? {} : { size }) });
        if (req.method === 'HEAD') {
          source.destroy();
          res.status(200).end();
          return;
        }
        res.status(200);
        // pipeline destroys the source when the client goes away, so the storage's cursor or file is let go.
        pipeline(source, res, (err) => {
          if (!err || res.writableFinished) return;
          // The client went away, or the bytes failed after the first ones were sent: cut the answer short.
          if (res.headersSent || res.destroyed) return void res.destroy();
          clearFileHeaders(res);
          next(err);
        });
      })().catch(next);
    };

  router.get('/attachments/:attachmentId', serve('original'));
  router.get('/attachments/:attachmentId/thumbnail', serve('thumbnail'));
  return router;
}
