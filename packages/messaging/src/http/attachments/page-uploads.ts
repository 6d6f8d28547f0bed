import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { ERROR_CODES, isMessagingError } from '../../errors.js';
import type { StagedAttachment } from '../../services/attachments/types.js';
import { formBodyLimit } from '../guards/body.js';
import { viewerId } from '../guards/viewer.js';
import type { AttachmentRouteService } from './dependencies.js';
import { isMultipart } from './multipart.js';
import { discard, RefusedUpload, runGuards, takeUploads } from './upload-intake.js';
import { byteSizeText } from '../../views/text/byte-size.js';

/** What a page form's files came to: the staged uploads, or the refusal to show next to the file input. */
export interface PageUploads {
  staged: StagedAttachment[];
  refused?: { message: string; status: number; retryAfter?: number };
  /** Set once a send took the files, or they were discarded: the answer's fallback then leaves them alone. */
  settled?: boolean;
}

const uploads = new WeakMap<Request, PageUploads>();

/** The files of a page form read by {@link pageFormBody}: none for an urlencoded form. */
export function pageUploadsOf(req: Request): PageUploads {
  return uploads.get(req) ?? { staged: [] };
}

/** Names types for people: `image/jpeg` → JPEG, `application/pdf` → PDF. */
function typeNames(types: readonly string[]): string {
  return types.map((t) => (t.split('/')[1] ?? t).replace(/^x-/, '').toUpperCase()).join(', ');
}

/**
 * What the file input says about a refused file: the service's own words where it has some,
 * else words that say what to do (the codes' default messages speak of request bodies).
 */
export function fileRefusal(err: unknown, service: AttachmentRouteService): PageUploads['refused'] | null {
  if (!isMessagingError(err)) return null;
  const { options } = service;
  const generic = err.message === ERROR_CODES[err.code].message;
  switch (err.code) {
    case 'payload_too_large':
      return {
        status: err.status,
        message: generic ? `A file is too large: at most ${byteSizeText(options.maxFileBytes)} each, ${options.maxFilesPerMessage} at most.` : err.message,
      };
    case 'unsupported_media_type':
      return { status: err.status, message: `This type of file cannot be sent. Allowed: ${typeNames(options.allowedTypes)}.` };
    case 'rate_limited': {
      const retryAfter = isMessagingError(err, 'rate_limited') ? err.details?.retryAfter : undefined;
      return {
        status: err.status,
        message: generic ? 'You have sent too many files today. Try again later.' : err.message,
        ...(typeof retryAfter === 'number' ? { retryAfter } : {}),
      };
    }
    case 'attachment_refused':
    case 'invalid_request':
      return { status: err.status, message: generic ? 'This file was refused. Choose another one.' : err.message };
    default:
      return null;
  }
}

/**
 * The body of the compose and reply forms. Urlencoded (or with attachments off): `form`, the
 * usual parser, CSRF guard and write attempt. Multipart with attachments on: fields and
 * files in one streamed read, CSRF and the write attempt before the first file is stored,
 * each file staged as it arrives (see {@link pageUploadsOf}). A refused file does not fail
 * the request: the staged ones are discarded and the route shows its form again with the
 * refusal and the text typed; a refused guard fails as it does for urlencoded forms.
 */
export function pageFormBody(
  ctx: HttpContext,
  service: AttachmentRouteService | undefined,
  form: readonly RequestHandler[],
  guards: readonly RequestHandler[],
): RequestHandler {
  return function messagingPageFormBody(req: Request, res: Response, next: NextFunction) {
    if (!service || !isMultipart(req)) {
      runGuards(form, req, res).then(() => next(), next);
      return;
    }
    // As many fields as the urlencoded parser takes (100): a group's compose form has a hidden `to` per member.
    const limits = { maxFiles: service.options.maxFilesPerMessage, maxFields: 100, maxFieldBytes: formBodyLimit(ctx.limits), fileFields: ['files'] };
    takeUploads(req, res, service, viewerId(res), limits, guards).then(
      ({ staged }) => {
        const state: PageUploads = { staged };
        uploads.set(req, state);
        // Whatever way the route ends (an error page for a bad recipient id, a crash), files no message took go.
        res.once('close', () => {
          if (!state.settled) discard(service, viewerId(res), staged).catch(() => undefined);
        });
        next();
      },
      (err: unknown) => {
        const refused = err instanceof RefusedUpload ? fileRefusal(err.cause, service) : null;
        if (!refused) return next(err instanceof RefusedUpload ? err.cause : err);
        req.body = (err as RefusedUpload).fields;
        uploads.set(req, { staged: [], refused });
        next();
      },
    );
  };
}

/** Runs a page's send with the staged files' ids; when it fails, the files go too (nothing stored). */
export async function sendWithUploads<T>(req: Request, res: Response, service: AttachmentRouteService | undefined, send: (attachmentIds: string[]) => Promise<T>): Promise<T> {
  const state = pageUploadsOf(req);
  try {
    const result = await send(state.staged.map((a) => a.id));
    state.settled = true;
    return result;
  } catch (err) {
    // Before the form is shown again, so that a refused post has left nothing when its answer arrives.
    state.settled = true;
    if (service) await discard(service, viewerId(res), state.staged);
    throw err;
  }
}
