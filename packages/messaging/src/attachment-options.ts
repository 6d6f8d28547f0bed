import { z } from 'zod';

/**
 * Where attachment bytes live. Keys are random ids made by the package (letters, digits, `-`
 * and `_`, at most 100 characters). Method by method, all required:
 * - `put(key, body, info)`: stores the bytes under `key`, reading `body` as a stream; resolves
 *   when they are durable. Should not hold the whole body in memory. A rejected put leaves
 *   nothing the package will read (it deletes the key afterwards all the same).
 * - `get(key)`: the bytes as a stream, or null when the key is unknown.
 * - `delete(key)`: removes them; no error when already gone.
 * Check an adapter of your own with `checkAttachmentStorage(storage)`.
 */
export interface AttachmentStorage {
  /** Stores the bytes under key (a random id); resolves when durable. */
  put(key: string, body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, info: { size?: number; contentType: string }): Promise<void>;
  /** The bytes as a stream; null when the key is unknown. */
  get(key: string): Promise<NodeJS.ReadableStream | AsyncIterable<Uint8Array> | null>;
  /** Removes; no error when already gone. */
  delete(key: string): Promise<void>;
}

/** A file as the `inspect` hook sees it: after the type check and the re-encoding, before anyone else can fetch it. */
export interface AttachmentInspectFile {
  /** The sanitised file name. */
  name: string;
  /** The type read from the bytes (not the client's). */
  contentType: string;
  /** Bytes, as they will be stored (an image after re-encoding). */
  size: number;
  /** The bytes as they will be stored; call it as often as you need. */
  stream(): NodeJS.ReadableStream;
  /** Who uploaded it. */
  uploaderId: string;
}

/** The `attachments` option: files in messages. Off unless given; needs `sharp` installed. */
export interface AttachmentOptions {
  /** Largest file, in bytes. @default 10485760 (10 MiB) */
  maxFileBytes?: number;
  /** Most files on one message. @default 5 */
  maxFilesPerMessage?: number;
  /**
   * Types allowed, as read from the bytes (never from the name or the client's header).
   * HTML, SVG and XML types are never allowed.
   * @default ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']
   */
  allowedTypes?: string[];
  /** Bytes one member may upload per UTC day, counted in the messaging database (every server). @default 104857600 (100 MiB) */
  maxBytesPerMemberPerDay?: number;
  /** Where the files live. @default the messaging database (in chunks of 256 KiB) */
  storage?: AttachmentStorage;
  /**
   * Inspects each file before it becomes visible (a virus scan). Return false or throw to
   * refuse it (422 `attachment_refused`; nothing is stored).
   * @default undefined (no inspection)
   */
  inspect?: (file: AttachmentInspectFile) => boolean | Promise<boolean>;
  /**
   * How often the instance deletes uploads never sent (over an hour old) with their bytes, in
   * milliseconds; the first run is a little after start. Stopped by `close()`.
   * @default 3600000 (1 hour)
   */
  cleanupIntervalMs?: number;
}

/** The `attachments` option with every default filled in. */
export interface ResolvedAttachmentOptions {
  maxFileBytes: number;
  maxFilesPerMessage: number;
  allowedTypes: readonly string[];
  maxBytesPerMemberPerDay: number;
  /** Undefined: the database storage. */
  storage: AttachmentStorage | undefined;
  inspect: ((file: AttachmentInspectFile) => boolean | Promise<boolean>) | undefined;
  cleanupIntervalMs: number;
}

export const DEFAULT_ATTACHMENT_TYPES: readonly string[] = Object.freeze(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']);

/** Types that would run script if a browser rendered them on the host's origin: refused as options. */
const NEVER_ALLOWED = /^(text\/html|image\/svg\+xml|application\/xhtml\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)$/;

/** The longest delay a Node.js timer takes. */
const MAX_TIMER_MS = 2_147_483_647;

const wholeBytes = (example: string) =>
  z.custom<number>((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1, { message: `must be a whole number of bytes, at least 1, for example ${example}` });

const attachmentObject = z
  .object({
    maxFileBytes: wholeBytes('10485760 (10 MiB)').optional(),
    maxFilesPerMessage: z
      .custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 100, { message: 'must be a whole number from 1 to 100, for example 5' })
      .optional(),
    allowedTypes: z
      .array(z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/, "must be lower-case media types such as 'image/png'"))
      .min(1, "must list at least one type, for example ['image/jpeg', 'image/png'] (leave attachments out to switch them off)")
      .refine((types) => !types.some((t) => NEVER_ALLOWED.test(t)), {
        message: "must not hold HTML, SVG, XML or script types (they would run script on your site); allow images and PDF, for example ['image/png', 'application/pdf']",
      })
      .optional(),
    maxBytesPerMemberPerDay: wholeBytes('104857600 (100 MiB)').optional(),
    storage: z
      .custom<AttachmentStorage>((s) => typeof s === 'object' && s !== null && ['put', 'get', 'delete'].every((m) => typeof (s as any)[m] === 'function'), {
        message: 'must have put(key, body, info), get(key) and delete(key), for example createFileSystemStorage({ directory: "data/attachments" })',
      })
      .optional(),
    inspect: z
      .custom<(file: AttachmentInspectFile) => boolean>((v) => typeof v === 'function', {
        message: 'must be a function, for example async (file) => scanner.isClean(file.stream())',
      })
      .optional(),
    cleanupIntervalMs: z
      .custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= 1000 && n <= MAX_TIMER_MS, {
        message: 'must be a whole number of milliseconds from 1000 (1 s) to 2147483647 (about 24 days), for example 3600000 (1 hour)',
      })
      .optional(),
  })
  .strict();

/** The zod schema of the `attachments` option: `true` (every default), `false` (off) or an object. */
export const attachmentOptionsSchema = z.preprocess((v) => (v === true ? {} : v === false ? undefined : v), attachmentObject.optional());

/** The defaults of {@link AttachmentOptions}. */
export const DEFAULT_ATTACHMENT_OPTIONS: Readonly<Omit<ResolvedAttachmentOptions, 'storage' | 'inspect'>> = Object.freeze({
  maxFileBytes: 10 * 1024 * 1024,
  maxFilesPerMessage: 5,
  allowedTypes: DEFAULT_ATTACHMENT_TYPES,
  maxBytesPerMemberPerDay: 100 * 1024 * 1024,
  cleanupIntervalMs: 60 * 60_000,
});

/** The validated option with defaults filled in; null when attachments are off. */
export function resolveAttachmentOptions(option: AttachmentOptions | boolean | undefined): ResolvedAttachmentOptions | null {
  if (option === undefined || option === false) return null;
  const given = option === true ? {} : option;
  return {
    maxFileBytes: given.maxFileBytes ?? DEFAULT_ATTACHMENT_OPTIONS.maxFileBytes,
    maxFilesPerMessage: given.maxFilesPerMessage ?? DEFAULT_ATTACHMENT_OPTIONS.maxFilesPerMessage,
    allowedTypes: Object.freeze([...(given.allowedTypes ?? DEFAULT_ATTACHMENT_OPTIONS.allowedTypes)]),
    maxBytesPerMemberPerDay: given.maxBytesPerMemberPerDay ?? DEFAULT_ATTACHMENT_OPTIONS.maxBytesPerMemberPerDay,
    storage: given.storage,
    inspect: given.inspect,
    cleanupIntervalMs: given.cleanupIntervalMs ?? DEFAULT_ATTACHMENT_OPTIONS.cleanupIntervalMs,
  };
}
