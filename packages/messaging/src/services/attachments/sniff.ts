import { MessagingError } from '../../errors.js';

/** Bytes read before deciding the type: what file-type needs for every format it knows. */
export const SNIFF_BYTES = 4100;

/** The type of a file as its bytes say, and the extension that goes with it; undefined when unknown. */
export interface SniffedType {
  mime: string;
  ext: string;
}

/**
 * The type from the first bytes, by file-type (ESM-only; loaded with `import()` so the CommonJS
 * build works too). Never from the name or the client's header.
 */
export async function sniffType(head: Uint8Array): Promise<SniffedType | undefined> {
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(head);
  return found ? { mime: found.mime, ext: found.ext } : undefined;
}

/** 415 for a file whose bytes are no allowed type. */
export function unsupportedType(allowed: readonly string[]): MessagingError<'unsupported_media_type'> {
  return new MessagingError('unsupported_media_type', `This type of file is not accepted. Allowed: ${allowed.join(', ')}.`);
}

// C0/C1 controls, bidi overrides and isolates, zero-width joiners: nothing that can disguise an extension.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const NAME_LENGTH = 200;

/**
 * A file name fit to show and to send back in `Content-Disposition`: the last path part, no
 * control or direction characters, at most 200 characters, and an extension that matches the
 * type the bytes have (`report.html` holding a PNG becomes `report.html.png`).
 */
export function safeFileName(name: unknown, ext: string): string {
  const raw = typeof name === 'string' ? name : '';
  let base = raw.replace(HIDDEN, '').split(/[/\\]/).pop()?.trim() ?? '';
  base = base.replace(/^\.+/, '').replace(/[<>:"|?*]/g, '_');
  if (base === '') base = 'file';
  const suffix = `.${ext}`;
  const matches = base.toLowerCase().endsWith(suffix) || (ext === 'jpg' && /\.jpe?g$/i.test(base));
  if (!matches) base = `${base}${suffix}`;
  if ([...base].length > NAME_LENGTH) {
    const keep = [...base.slice(0, base.length - suffix.length)].slice(0, NAME_LENGTH - suffix.length).join('');
    base = `${keep}${suffix}`;
  }
  return base;
}
