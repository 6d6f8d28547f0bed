import type { Request, RequestHandler, Response } from 'express';
import { MessagingError } from '../../errors.js';
import type { StagedAttachment } from '../../services/attachments/types.js';
import type { AttachmentRouteService } from './dependencies.js';
import { type MultipartFields, type MultipartLimits, parseMultipart } from './multipart.js';

/** Runs Express middleware in order as one promise (a guard's `next(err)` rejects). */
export function runGuards(guards: readonly RequestHandler[], req: Request, res: Response): Promise<void> {
  return guards.reduce<Promise<void>>(
    (done, guard) =>
      done.then(
        () =>
          new Promise<void>((resolve, reject) => {
            Promise.resolve(guard(req, res, (err?: unknown) => (err ? reject(err) : resolve()))).catch(reject);
          }),
      ),
    Promise.resolve(),
  );
}

/** True when the browser already said where the request comes from, or sent the token as a header: CSRF needs no body. */
function csrfDecidableEarly(req: Request): boolean {
  return req.get('sec-fetch-site') !== undefined || req.get('origin') !== undefined || req.get('x-csrf-token') !== undefined;
}

/** What an upload request brought: its text fields and the files staged from it, in order. */
export interface Intake {
  fields: MultipartFields;
  staged: StagedAttachment[];
}

/**
 * Reads a multipart request, staging each file as it streams in. `guards` (CSRF, then the
 * write attempt) run before any byte of a file is stored: at once when the headers decide CSRF,
 * else after the fields before the first file (the forms send `_csrf` first), with those fields
 * as `req.body`. On any refusal the files already staged from this request are discarded before
 * the promise rejects, so a refused request leaves nothing behind; a refusal after the guards
 * passed rejects as a {@link RefusedUpload} holding the contract's error. An input named with an empty
 * file name and no bytes (a form whose file input was left empty) is skipped.
 */
export async function takeUploads(
  req: Request,
  res: Response,
  service: AttachmentRouteService,
  uploaderId: string,
  limits: Omit<MultipartLimits, 'maxFileBytes'>,
  guards: readonly RequestHandler[],
): Promise<Intake> {
  const early = csrfDecidableEarly(req);
  if (early) {
    await runGuards(guards, req, res).catch((err: unknown) => {
      // Refused before a byte was read: the body is dropped unread so the answer can go out.
      req.resume();
      throw err;
    });
  }
  let guarded = early;
  const staged: StagedAttachment[] = [];
  try {
    const { fields } = await parseMultipart(
      req,
      { ...limits, maxFileBytes: service.options.maxFileBytes },
      {
        beforeFiles: async (fieldsSoFar) => {
          req.body = fieldsSoFar;
          if (!early) await runGuards(guards, req, res);
          guarded = true;
        },
        onFile: async (file) => {
          if (file.name === '') {
            // An empty file input: browsers send a part with no file name and no bytes.
            let bytes = 0;
            for await (const chunk of file.stream) bytes += (chunk as Buffer).length;
            if (bytes === 0) return null;
            throw new MessagingError('invalid_request', undefined, { details: [{ in: 'body', field: file.field, message: 'a file needs a name' }] });
          }
          const attachment = await service.stage(uploaderId, { name: file.name, stream: file.stream, declaredType: file.declaredType });
          staged.push(attachment);
          return attachment;
        },
      },
    );
    req.body = fields;
    return { fields, staged };
  } catch (err) {
    await discard(service, uploaderId, staged);
    throw guarded ? new RefusedUpload(err, bodyObjectOf(req)) : err;
  }
}

/**
 * A refusal that came after the guards passed (a file over a limit, of a refused type, over the
 * daily cap; a malformed rest of the body): `cause` is the contract's error, `fields` the text
 * fields read before it, so a page can show its form again with what the member typed.
 */
export class RefusedUpload extends Error {
  constructor(
    override readonly cause: unknown,
    readonly fields: MultipartFields,
  ) {
    super('upload refused', { cause });
    this.name = 'RefusedUpload';
  }
}

function bodyObjectOf(req: Request): MultipartFields {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as MultipartFields) : {};
}

/** Deletes staged uploads; a failure to do so is left to the hourly cleanup of orphans. */
export async function discard(service: AttachmentRouteService, uploaderId: string, staged: readonly { id: string }[]): Promise<void> {
  if (staged.length === 0) return;
  await service
    .discard(
      uploaderId,
      staged.map((a) => a.id),
    )
    .catch(() => undefined);
}
