import { z } from 'zod';
import type { AttachmentRouteService } from './dependencies.js';

/** Attachment ids as the service makes them: random URL-safe strings (services/attachments/storage.ts). */
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * `attachmentIds` of a JSON send: ids of the sender's own staged uploads (`POST
 * /api/attachments`), at most `maxFilesPerMessage`; with attachments off, none at all. Whose
 * they are is checked by the service in the send's transaction (someone else's → 400).
 */
export function attachmentIdsField(service: AttachmentRouteService | undefined) {
  const max = service?.options.maxFilesPerMessage ?? 0;
  return z
    .array(z.string().regex(ATTACHMENT_ID, 'must be an attachment id from POST /api/attachments'))
    .max(max, max === 0 ? 'attachments are off on this site' : `must name at most ${max} attachments`)
    .optional();
}

/** The ids to hand to a send: absent when there are none, so a send without files stays as it was. */
export function attachmentInput(ids: readonly string[] | undefined): { attachmentIds?: string[] } {
  return ids && ids.length > 0 ? { attachmentIds: [...ids] } : {};
}
