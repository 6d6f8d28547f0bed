import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { isMessagingError } from '../../errors.js';
import type { StagedAttachment } from '../../services/attachments/types.js';
import { formBodyLimit } from '../guards/body.js';
import { viewerId } from '../guards/viewer.js';
import type { AttachmentRouteService } from './dependencies.js';
import { isMultipart } from './multipart.js';
import { discard, RefusedUpload, runGuards, takeUploads } from './upload-intake.js';
import { fileSizeText } from '../../views/attachments/file-size.js';
import type { Translator } from '../../views/i18n/translator.js';
import { translatorFor } from '../host/request-translator.js';

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

/** Whether a 413 of the multipart reader is about the number of files ("At most 2 files at once.") rather than a file's size. */
function isTooManyFiles(err: { message: string }): boolean {
  return /^At most \d+ files? at once/.test(err.message);
}

/**
 * What the file input says about a refused file, in the member's words: what to do, with the
 * limits (the errors' own messages are the API's English, about request bodies).
 */
export function fileRefusal(err: unknown, service: AttachmentRouteService, i18n: Translator): PageUploads['refused'] | null {
  if (!isMessagingError(err)) return null;
  const { options } = service;
  switch (err.code) {
    case 'payload_too_large':
      return {
        status: err.status,
        message: isTooManyFiles(err)
          ? i18n.t('messages.fileTooMany', { count: options.maxFilesPerMessage })
          : i18n.t('messages.fileTooLarge', { size: fileSizeText(options.maxFileBytes, i18n), count: options.maxFilesPerMessage }),
      };
    case 'unsupported_media_type':
      return { status: err.status, message: i18n.t('messages.fileTypeRefused', { types: typeNames(options.allowedTypes) }) };
    case 'rate_limited': {
      const retryAfter = isMessagingError(err, 'rate_limited') ? err.details?.retryAfter : undefined;
      // The daily bytes of files (the member's write budget is refused before the form is read).
      return { status: err.status, message: i18n.t('messages.fileDailyLimit'), ...(typeof retryAfter === 'number' ? { retryAfter } : {}) };
    }
    case 'attachment_refused':
    case 'invalid_request':
      return { status: err.status, message: i18n.t('messages.fileRefused') };
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
export function pageFormBody(ctx: HttpContext, service: AttachmentRouteService | undefined, form: readonly RequestHandler[], guards: readonly RequestHandler[]): RequestHandler {
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
        if (!(err instanceof RefusedUpload)) return next(err);
        translatorFor(ctx, req).then((i18n) => {
          const refused = fileRefusal(err.cause, service, i18n);
          if (!refused) return next(err.cause);
          req.body = err.fields;
          uploads.set(req, { staged: [], refused });
          next();
        }, next);
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
