import { describe, expect, it } from 'vitest';
import { searchExcerpt } from '../../src/services/search/search-excerpt.js';
import { fts5Match, searchTerms } from '../../src/services/search/search-terms.js';
import { excerptHtml } from '../../src/views/conversations/search-view.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('search words', () => {
  it('keeps letters, digits and marks of any script, lowercased and unique; everything else separates words', () => {
    expect(searchTerms('Invoice "INVOICE" near:OR* back\\slash')).toEqual([
      { text: 'invoice', prefix: true },
      { text: 'near', prefix: true },
      { text: 'or', prefix: true },
      { text: 'back', prefix: true },
      { text: 'slash', prefix: true },
    ]);
    expect(searchTerms('x Встреча 会議 नमस्ते')).toEqual([
      { text: 'x', prefix: false },
      { text: 'встреча', prefix: true },
      { text: '会議', prefix: true },
      { text: 'नमस्ते', prefix: true },
    ]);
    expect(searchTerms('a b c d e f g h i j').map((t) => t.text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(searchTerms('y'.repeat(100))[0]!.text).toHaveLength(64);
  });

  it('refuses empty, blank, too long, control characters and text without a word', () => {
    for (const q of ['', '   ', '"*"', ':()', 'a\u0000', 'a\nb', 'x'.repeat(201)])
      expect(
        codeOf(() => searchTerms(q)),
        JSON.stringify(q),
      ).toBe('invalid_request');
  });

  it('quotes every word for FTS5, a star after a prefix', () => {
    expect(fts5Match(searchTerms('NEAR x OR'))).toBe('"near"* "x" "or"*');
  });
});

describe('search excerpts', () => {
  it('marks the matching words, escapes everything else, and cuts long text around the first match on word boundaries', () => {
    const body = `${'lorem ipsum '.repeat(20)}the <b>Invoices</b> & more ${'dolor sit '.repeat(30)}`;
    const parts = searchExcerpt(body, searchTerms('invoice'));
    expect(parts[0]).toMatchObject({ text: expect.stringMatching(/^…/), match: false });
    expect(parts.filter((p) => p.match)).toEqual([{ text: 'Invoices', match: true }]);
    expect(parts[parts.length - 1]).toMatchObject({ text: expect.stringMatching(/\S…$/), match: false });
    const html = excerptHtml(parts);
    expect(html).toContain('&lt;b&gt;<mark>Invoices</mark>&lt;/b&gt; &amp; more');
    expect(html.length).toBeLessThan(260);
    expect(html).toMatch(/^…(lorem|ipsum) /);
  });

  it('never splits a character outside the basic plane', () => {
    const body = `${'😀'.repeat(200)} word`;
    const text = searchExcerpt(body, searchTerms('zzz'))
      .map((p) => p.text)
      .join('');
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('marks a single character only as a whole word', () => {
    expect(searchExcerpt('a ab a', searchTerms('a'))).toEqual([
      { text: 'a', match: true },
      { text: ' ab ', match: false },
      { text: 'a', match: true },
    ]);
  });
});
