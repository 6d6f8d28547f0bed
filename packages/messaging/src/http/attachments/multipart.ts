import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { MessagingError } from '../../errors.js';
import { byteSizeText } from '../../views/attachments/file-size.js';

/** What one multipart request may hold. Every limit refuses with 413 `payload_too_large`. */
export interface MultipartLimits {
  /** Largest file, bytes. */
  maxFileBytes: number;
  /** Most files. */
  maxFiles: number;
  /** Most text fields. */
  maxFields: number;
  /** Largest text field, bytes. */
  maxFieldBytes: number;
  /** The names of the file inputs (`file` for the API, `files` for the pages); a file under another name is 400. */
  fileFields: readonly string[];
}

/** One file of the request, as it streams in: read `stream` to its end (or fail). */
export interface MultipartFile {
  field: string;
  /** The file name the client gave (unchecked: the service sanitises it). */
  name: string;
  /** The client's Content-Type for the part (a hint only: the type is decided from the bytes). */
  declaredType: string;
  stream: Readable;
}

/** The text fields of a form: a repeated field becomes an array, as the urlencoded parser does. */
export type MultipartFields = Record<string, string | string[]>;

export interface MultipartHandlers<T> {
  /**
   * Runs once, before the first file's first byte is handed on (or at the end when there is
   * none), with the fields read so far: where CSRF is checked, so a refused request stores nothing.
   */
  beforeFiles(fields: MultipartFields): Promise<void>;
  /** Takes one file; reads its stream to the end or rejects. Files come one at a time, in order. */
  onFile(file: MultipartFile): Promise<T>;
}

/** Room for the part headers and boundaries around the fields and files, bytes. */
const ENVELOPE_BYTES = 64 * 1024;

/** True for `multipart/form-data` (any parameters). */
export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data\s*(;|$)/i.test(req.get('content-type') ?? '');
}

function tooLarge(message: string, field: string): MessagingError {
  return new MessagingError('payload_too_large', message, { details: [{ in: 'body', field, message }] });
}

/**
 * Streams a `multipart/form-data` body through busboy: text fields are collected (small and
 * few), each file is handed to `onFile` as a stream, never buffered whole. Over any limit,
 * on a malformed body (400 `invalid_request`), a body of another type (415) or a client that
 * goes away, parsing stops at once: the file being read fails with the same error, the rest of
 * the body is read and thrown away (bounded memory, the connection stays usable), and the
 * promise rejects only after every `onFile` started has settled, so the caller can discard
 * what it stored.
 */
export function parseMultipart<T>(req: Request, limits: MultipartLimits, handlers: MultipartHandlers<T>): Promise<{ fields: MultipartFields; files: T[] }> {
  if (!isMultipart(req)) return Promise.reject(new MessagingError('unsupported_media_type', 'Send the form as multipart/form-data.'));
  const declared = Number(req.get('content-length'));
  const most = limits.maxFiles * limits.maxFileBytes + limits.maxFields * limits.maxFieldBytes + ENVELOPE_BYTES;
  if (Number.isFinite(declared) && declared > most) {
    req.resume();
    return Promise.reject(tooLarge('The request is larger than the files and fields allowed.', ''));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // Browsers send file names as UTF-8 bytes; busboy would read them as Latin-1.
      defParamCharset: 'utf8',
      limits: {
        fileSize: limits.maxFileBytes + 1,
        files: limits.maxFiles,
        fields: limits.maxFields,
        fieldSize: limits.maxFieldBytes,
        parts: limits.maxFiles + limits.maxFields,
        headerPairs: 20,
      },
    });
  } catch {
    req.resume();
    return Promise.reject(new MessagingError('invalid_request', 'The multipart body has no boundary.'));
  }

  return new Promise((resolve, reject) => {
    const fields: MultipartFields = {};
    const files: T[] = [];
    let chain: Promise<unknown> = Promise.resolve();
    let checked: Promise<void> | undefined;
    let failure: unknown;
    let current: Readable | undefined;
    // The fields as they stood at the first file: later ones (parsed ahead from the same chunk) do not count.
    const checkOnce = (before: MultipartFields) => (checked ??= handlers.beforeFiles(before));

    function fail(err: unknown) {
      if (failure !== undefined) return;
      failure = err;
      req.unpipe(parser);
      parser.removeAllListeners('file').removeAllListeners('field');
      parser.on('error', () => undefined);
      // Read the rest and throw it away: the answer can go out and the socket stays in step.
      req.resume();
      current?.destroy(err instanceof Error ? err : new Error(String(err)));
      // Reject only once the files already handed on have settled (their ids are known to the caller).
      chain.then(
        () => reject(failure),
        () => reject(failure),
      );
    }

    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return fail(tooLarge(`A form field is longer than ${limits.maxFieldBytes} bytes.`, name));
      const had = fields[name];
      fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    });
    parser.on('file', (field, stream, info) => {
      // Its errors reach whoever reads it; one raised after the reader stopped (a cut-off body, our own abort) must not crash the process.
      stream.on('error', () => undefined);
      if (failure !== undefined) return stream.resume();
      if (!limits.fileFields.includes(field)) {
        stream.resume();
        return fail(new MessagingError('invalid_request', undefined, { details: [{ in: 'body', field, message: 'is not a file field of this form' }] }));
      }
      // busboy says `limit` on reaching fileSize, so fileSize is one byte over the largest file allowed.
      stream.once('limit', () => fail(tooLarge(`A file is too large: at most ${byteSizeText(limits.maxFileBytes)} each.`, field)));
      const file: MultipartFile = { field, name: info.filename ?? '', declaredType: info.mimeType, stream };
      const before = { ...fields };
      chain = chain
        .then(() => checkOnce(before))
        .then(() => {
          if (failure !== undefined) throw failure;
          current = stream;
          return handlers.onFile(file);
        })
        .then((result) => {
          files.push(result);
          current = undefined;
        });
      chain.catch((err: unknown) => {
        stream.resume();
        fail(err);
      });
    });
    parser.on('filesLimit', () => fail(tooLarge(`At most ${limits.maxFiles} file${limits.maxFiles === 1 ? '' : 's'} at once.`, limits.fileFields[0] ?? 'file')));
    parser.on('fieldsLimit', () => fail(tooLarge('The form has too many fields.', '')));
    parser.on('partsLimit', () => fail(tooLarge('The form has too many parts.', '')));
    parser.on('error', () => fail(new MessagingError('invalid_request', 'The multipart body could not be read.')));
    parser.on('finish', () => {
      chain
        .then(() => checkOnce(fields))
        .then(() => {
          if (failure === undefined) resolve({ fields, files });
        }, fail);
    });
    req.on('aborted', () => fail(new MessagingError('invalid_request', 'The request was aborted.')));
    req.on('error', () => fail(new MessagingError('invalid_request', 'The request could not be read.')));
    req.pipe(parser);
  });
}
