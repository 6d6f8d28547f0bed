import type { ResolvedAttachmentOptions } from '../../attachment-options.js';
import type { AttachmentUpload, OpenedAttachment, StagedAttachment } from '../../services/attachments/types.js';

/**
 * What the attachment routes need of `messaging.attachments` (services/attachments/), with the
 * resolved option. Given to the router only when attachments are on.
 */
export interface AttachmentRouteService {
  /** The `attachments` option with its defaults (limits shown on the forms, types in `accept`). */
  options: ResolvedAttachmentOptions;
  /** Takes one upload to the staged state (413, 415, 422 `attachment_refused`, 429 on refusal; nothing stored then). */
  stage(uploaderId: string, file: AttachmentUpload): Promise<StagedAttachment>;
  /** The file for a current participant of its thread; null otherwise (answered as 404). */
  open(viewerId: string, attachmentId: string, variant: 'original' | 'thumbnail'): Promise<(OpenedAttachment & { size?: number }) | null>;
  /** Deletes uploads of this member that no message holds (a form refused after its files were staged). */
  discard(uploaderId: string, attachmentIds: readonly string[]): Promise<unknown>;
}
