import type { Readable } from 'node:stream';

/**
 * An attachment as the API returns it on a message (and from `attachments.stage`). URLs are
 * relative to where the router is mounted: `attachments/<id>` and `attachments/<id>/thumbnail`.
 */
export interface MessageAttachment {
  /** Random, unguessable id. */
  id: string;
  /** The sanitised file name. */
  name: string;
  /** The type read from the bytes (an image keeps its type through re-encoding). */
  contentType: string;
  /** Bytes, as stored. */
  size: number;
  /** Images only: pixels, after rotation. */
  width?: number;
  height?: number;
  /** The file, relative to the router's mount path. */
  url: string;
  /** Images only: a small WebP preview, relative to the router's mount path. */
  thumbnailUrl?: string;
}

/** An upload that no message holds yet: `attachmentIds` of the uploader's next send may name it. */
export interface StagedAttachment extends MessageAttachment {
  status: 'staged';
}

/** A file to stage: its name as the client gave it (only shown, never trusted), its bytes as a stream. */
export interface AttachmentUpload {
  name: string;
  stream: Readable | AsyncIterable<Uint8Array>;
  /** What the client said it is; ignored for the decision (the bytes decide), kept for the log. */
  declaredType?: string;
}

/** What `attachments.open` hands back: the file's metadata and its bytes. */
export interface OpenedAttachment {
  meta: MessageAttachment;
  /** The variant's own type (a thumbnail is WebP) and size. */
  contentType: string;
  stream: Readable;
}
