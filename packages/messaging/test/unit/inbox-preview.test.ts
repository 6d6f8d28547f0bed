import { describe, expect, it } from 'vitest';
import { FILES_ONLY_PREVIEW, previewOf } from '../../src/services/conversations/message-text.js';

/** The preview as the inbox has always defined it: whitespace runs collapsed, trimmed, 140 characters with an ellipsis. */
function reference(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line === '') return FILES_ONLY_PREVIEW;
  const chars = [...line];
  return chars.length <= 140 ? line : `${chars.slice(0, 139).join('').trimEnd()}…`;
}

describe('inbox previews', () => {
  const bodies = [
    'See you at noon.',
    ' Leading space',
    'Trailing space ',
    'Two  spaces',
    'A tab\there',
    'Line one\nline two',
    'Windows\r\nline',
    'No-break\u00a0space',
    'Ideographic\u3000space',
    '\u2028separated',
    'Byte order mark\ufeff',
    '\n\n',
    '',
    'word '.repeat(40),
    'x'.repeat(140),
    'x'.repeat(141),
    '😀'.repeat(100),
    `${'a'.repeat(139)} b`,
  ];

  it('shows every message as the collapsed, trimmed and cut line it always did', () => {
    for (const body of bodies) expect(previewOf(body), JSON.stringify(body)).toBe(reference(body));
  });

  it('keeps a message of 100 emoji whole (100 characters, 200 UTF-16 units) and cuts 141 plain letters', () => {
    expect(previewOf('😀'.repeat(100))).toBe('😀'.repeat(100));
    expect(previewOf('x'.repeat(141))).toBe(`${'x'.repeat(139)}…`);
  });
});
