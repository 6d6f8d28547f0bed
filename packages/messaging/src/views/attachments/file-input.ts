import type { Translator } from '../i18n/translator.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';
import { fileSizeText } from './file-size.js';
import type { FileInputData } from './templates/file-input.js';

/** What a form's file input says and accepts; absent when attachments are off. */
export interface FileInputView {
  /** The allowed types, as `accept` (a hint for the picker: the server decides from the bytes). */
  allowedTypes: readonly string[];
  maxFiles: number;
  maxFileBytes: number;
  /** The error about the files, shown next to the input. */
  error?: string;
}

/** The data of `attachments/file-input` (for a page that includes it), or null when attachments are off. */
export function fileInputData(input: FileInputView | undefined, i18n: Translator): Omit<FileInputData, 'i18n'> | null {
  if (!input) return null;
  return { accept: input.allowedTypes.join(','), maxFiles: input.maxFiles, maxFileSizeText: fileSizeText(input.maxFileBytes, i18n), error: input.error ?? null };
}

/**
 * The file input of the compose and reply forms (`name="files"`, several at once), with its
 * limits in words and its error tied to it; empty when attachments are off, and the form
 * then stays urlencoded.
 */
export function renderFileInput(kit: ViewKit, input: FileInputView | undefined): SafeHtml {
  const data = fileInputData(input, kit.i18n);
  return new SafeHtml(data ? kit.renderer.render('attachments/file-input', { ...data, i18n: kit.i18n }) : '');
}
