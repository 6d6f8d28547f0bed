import type { Response } from 'express';

/**
 * Types a browser may show inline: raster images it decodes itself and never runs script from.
 * SVG is not one of them (it is a document that can hold script), nor is anything else.
 */
const INLINE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** How long a member's browser may keep a file (its own cache only: `private`), seconds. */
export const ATTACHMENT_MAX_AGE_SECONDS = 600;

/** True for the raster image types that are shown inline (never SVG). */
export function isInlineType(contentType: string): boolean {
  return INLINE_TYPES.has(contentType.toLowerCase());
}

/**
 * `Content-Disposition` for a file: `inline` for the raster images, `attachment` for
 * everything else, so a browser saves an HTML or a PDF file instead of opening it on the
 * host's origin. The name goes in `filename*` (RFC 6266 / 8187: UTF-8, percent-encoded), so no
 * quote, semicolon, line break or non-ASCII character in a member's file name can break out.
 */
export function contentDisposition(contentType: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${isInlineType(contentType) ? 'inline' : 'attachment'}; filename*=UTF-8''${encoded}`;
}

/**
 * Sets the headers of a file answer. Whatever the bytes are, they cannot run on the host's
 * origin: `nosniff` keeps the browser to the type we sniffed, the sandboxing CSP takes script,
 * plugins and same-origin rights from a document opened directly, CORP keeps other sites from
 * embedding it, and `private` keeps shared caches from storing a member's file.
 */
export function setFileHeaders(res: Response, file: { contentType: string; size?: number; name: string }): void {
  res.setHeader('Content-Type', file.contentType);
  if (file.size !== undefined) res.setHeader('Content-Length', String(file.size));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', `private, max-age=${ATTACHMENT_MAX_AGE_SECONDS}`);
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Content-Disposition', contentDisposition(file.contentType, file.name));
}

/** Takes the file headers off again, for an error answered before the first byte. */
export function clearFileHeaders(res: Response): void {
  for (const name of ['Content-Type', 'Content-Length', 'Content-Disposition', 'Content-Security-Policy']) res.removeHeader(name);
  res.setHeader('Cache-Control', 'no-store');
}
