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
    `${'a'.repeat(138)} 😀 and more after the cut`,
    `${'😀'.repeat(70)}${'b'.repeat(71)}`,
    `${'word  '.repeat(30)}end`,
    `${'w\u00a0'.repeat(80)}`,
    `${'x'.repeat(200)} `,
    ` ${'y'.repeat(150)}`,
    'one  two',
    'tab\tonly',
    `${'z'.repeat(139)}\ud83d`,
  ];

  it('shows every message as the collapsed, trimmed and cut line it always did', () => {
    for (const body of bodies) expect(previewOf(body), JSON.stringify(body)).toBe(reference(body));
  });

  it('keeps a message of 100 emoji whole (100 characters, 200 UTF-16 units) and cuts 141 plain letters', () => {
    expect(previewOf('😀'.repeat(100))).toBe('😀'.repeat(100));
    expect(previewOf('x'.repeat(141))).toBe(`${'x'.repeat(139)}…`);
  });

  it('agrees with the reference on 3,000 generated messages of spaces, tabs, emoji and letters around the cut', () => {
    // Half the messages without surrogates (the cut by UTF-16 units), half with (the cut by characters).
    const pieces = ['a', 'b', 'é', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '😀', '\ud83d'];
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 3000; n++) {
      const length = next() % 320;
      let body = '';
      const palette = n % 2 === 0 ? pieces.slice(0, 9) : pieces;
      while (body.length < length) body += palette[next() % palette.length];
      expect(previewOf(body), JSON.stringify(body)).toBe(reference(body));
    }
  });
});
