import { html, type SafeHtml } from '../text/escape-html.js';
import { byteSizeText } from '../text/byte-size.js';

/** What a form's file input says and accepts; absent when attachments are off. */
export interface FileInputView {
  /** The allowed types, as `accept` (a hint for the picker: the server decides from the bytes). */
  allowedTypes: readonly string[];
  maxFiles: number;
  maxFileBytes: number;
  /** The error about the files, shown next to the input. */
  error?: string;
}

/**
 * The file input of the compose and reply forms (`name="files"`, several at once), with its
 * limits in words and its error tied to it; empty when attachments are off, and the form
 * then stays urlencoded.
 */
export function fileInputHtml(input: FileInputView | undefined): SafeHtml {
  if (!input) return html``;
  const hint = `Up to ${input.maxFiles} file${input.maxFiles === 1 ? '' : 's'}, ${byteSizeText(input.maxFileBytes)} each.`;
  const invalid = input.error ? html` aria-invalid="true" aria-describedby="messaging-files-hint messaging-files-error"` : html` aria-describedby="messaging-files-hint"`;
  return html`<label for="messaging-files">Attach files (optional)</label>
<input type="file" id="messaging-files" name="files" multiple accept="${input.allowedTypes.join(',')}"${invalid}>
<p class="m-meta" id="messaging-files-hint">${hint}</p>
${input.error ? html`<p class="m-error" id="messaging-files-error">${input.error}</p>` : ''}`;
}
