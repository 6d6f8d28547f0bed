import type { Translator } from '../../i18n/translator.js';

/** What `attachments/file-input` is rendered with (built by ../file-input.ts). */
export interface FileInputData {
  i18n: Translator;
  /** The allowed types as `accept` (a hint for the picker: the server decides from the bytes). */
  accept: string;
  maxFiles: number;
  /** The largest file, in the member's words ("5 MB"). */
  maxFileSizeText: string;
  /** The error about the files, shown next to the input. */
  error: string | null;
}

/**
 * The file input of the compose and reply forms (`name="files"`, several at once), with its
 * limits in words and its error tied to it through `aria-describedby`.
 */
export const FILE_INPUT_TEMPLATE = `<label for="messaging-files"><%= it.i18n.t('messages.fileInputLabel') %></label>
<input type="file" id="messaging-files" name="files" multiple accept="<%= it.accept %>"<% if (it.error) { %> aria-invalid="true" aria-describedby="messaging-files-hint messaging-files-error"<% } else { %> aria-describedby="messaging-files-hint"<% } %>>
<p class="m-meta" id="messaging-files-hint"><%= it.i18n.t('messages.fileInputHint', { count: it.maxFiles, size: it.maxFileSizeText }) %></p>
<% if (it.error) { %><p class="m-error" id="messaging-files-error"><%= it.error %></p><% } %>`;
