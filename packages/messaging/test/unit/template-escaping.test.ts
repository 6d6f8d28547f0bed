import { describe, expect, it } from 'vitest';
import type { Translator } from '../../src/views/i18n/translator.js';
import { createLocalization, english } from '../../src/views/i18n/localization.js';
import { defaultRenderer, type TemplateName, templateNames } from '../../src/views/rendering/engine.js';
import { attr, elementsOf, type HtmlNode, parseHtml, scriptUrls, shapeOf, textsOf } from '../helpers/html-tree.js';
import { type LoadedSample, loadTemplateSamples, sampleData } from '../helpers/template-sample-set.js';

/**
 * Every template a host can override, rendered with hostile member data (the samples of
 * test/helpers/template-samples/<concept>.ts put the hostile string in every member-typed
 * field), in English and in Arabic, and read back by a real HTML parser (parse5, as a browser
 * parses): the data comes out as text, never as an element, an attribute or a script URL, and
 * a right-to-left override in it stays isolated.
 */

const samples = await loadTemplateSamples();
const names = templateNames();

/**
 * Registered templates whose concept's samples have not landed yet: listed by name, so the gap
 * is visible and shrinks; the test fails on any other template without a sample, and on a
 * listed one that has one now.
 */
const KNOWN_GAPS: readonly string[] = [];

/**
 * Templates whose samples put the raw hostile string into a link field (`href: hostile`), which
 * no view does: the views build links as local paths with the member's text encoded, and pass a
 * host's URLs through `safeUrl` (test/unit/local-links.test.ts), as the samples of
 * conversations.ts and safety.ts do. For these the `javascript:` link is the sample's, so it is
 * not counted (every other check applies); the test fails once one of them no longer needs it.
 */
const RAW_LINK_SAMPLES: readonly string[] = ['partials/admin-toggle', 'partials/block-button', 'partials/message-button', 'partials/nav-link'];

/**
 * Templates that print a host's own words (the nav link's and Message button's `label`) without
 * isolating them; their samples give that label the hostile string too. A host's label is not
 * member text, so a bidi control in it is the host's choice: not counted for these (every other
 * check applies); the test fails once one of them isolates it.
 */
const UNISOLATED_HOST_TEXT: readonly string[] = ['partials/message-button', 'partials/nav-link'];

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '</textarea><b>out of the textarea</b>',
  '</title></script><script>alert(2)</script>',
  '<!-- --><a href="javascript:alert(3)">x</a>',
  // A right-to-left override: unisolated, it reverses the text after it ("Bob\u202Egnp.exe").
  '\u202Egnp.exe \u202Bنص\u202C',
];
const BENIGN = 'Benign Sample 42';

const translators: Translator[] = [english(), createLocalization({}).translator('ar', 'Asia/Riyadh')];

function render(name: TemplateName, loaded: LoadedSample, hostile: string, i18n: Translator): string {
  return defaultRenderer().render(name, sampleData(loaded, hostile, i18n) as never);
}

/** Every string a reader gets from the markup: text, and attribute values (decoded by the parser). */
function stringsOf(root: HtmlNode): string[] {
  return [...textsOf(root).map((t) => t.text), ...elementsOf(root).flatMap((el) => (el.attrs ?? []).map((a) => a.value))];
}

/** Where member text may carry a bidi control without reordering the text around it. */
const ISOLATING = new Set(['bdi', 'textarea', 'option', 'title']);

/** Text holding a bidi control whose element does not isolate it (`<bdi>`, `dir`). */
function unisolatedBidi(root: HtmlNode): string[] {
  return textsOf(root)
    .filter(({ text }) => /[\u202A-\u202E\u2066-\u2069]/.test(text))
    .filter(({ parent }) => !parent || !(ISOLATING.has(parent.tagName ?? '') || attr(parent, 'dir') !== undefined))
    .map(({ text, parent }) => `<${parent?.tagName ?? '#fragment'}>${JSON.stringify(text)}`);
}

/** A template that renders no markup at all (a mail's plain-text part) is text, not HTML. */
const isPlainText = (output: string) => !/<[a-z!/]/i.test(output);

describe('every overridable template has hostile sample data', () => {
  it('has a sample for each registered template (test/helpers/template-samples/<concept>.ts)', () => {
    const missing = names.filter((name) => !samples.has(name) && !KNOWN_GAPS.includes(name));
    expect(missing, 'add these to test/helpers/template-samples/<concept>.ts').toEqual([]);
    expect(
      KNOWN_GAPS.filter((name) => samples.has(name)),
      'these have samples now: remove them from KNOWN_GAPS',
    ).toEqual([]);
    const unknown = [...samples.keys()].filter((name) => !(names as string[]).includes(name));
    expect(unknown, 'samples for templates the package does not register').toEqual([]);
  });
});

describe.each(names.filter((name) => samples.has(name)))('%s with hostile data', (name) => {
  const loaded = samples.get(name) as LoadedSample;

  it.each(translators.map((i18n) => [i18n.locale, i18n] as const))('prints it as text in %s', (_locale, i18n) => {
    const benign = render(name, loaded, BENIGN, i18n);
    const plain = isPlainText(benign);
    const printsData = benign.includes(BENIGN);
    const benignTree = parseHtml(benign);
    expect(scriptUrls(benignTree), 'the template itself links to script').toEqual([]);
    let rawLinks = 0;
    let hostBidi = 0;
    for (const payload of PAYLOADS) {
      const output = render(name, loaded, payload, i18n);
      if (plain) {
        // Plain text has nothing to escape; it must still not turn into markup.
        expect(isPlainText(output.replaceAll(payload, '')), `${name}: markup around ${payload}`).toBe(true);
        continue;
      }
      const tree = parseHtml(output);
      expect(shapeOf(tree), `${name}: an element or attribute came from ${JSON.stringify(payload)}`).toEqual(shapeOf(benignTree));
      const urls = scriptUrls(tree);
      if (RAW_LINK_SAMPLES.includes(name)) rawLinks += urls.length;
      else expect(urls, `${name}: a script URL came from ${JSON.stringify(payload)}`).toEqual([]);
      const bidi = unisolatedBidi(tree);
      if (UNISOLATED_HOST_TEXT.includes(name)) hostBidi += bidi.length;
      else expect(bidi, `${name}: member text with a bidi control outside <bdi> or dir`).toEqual([]);
      const whole = stringsOf(tree).some((s) => s.includes(payload));
      if (printsData) expect(whole, `${name}: ${JSON.stringify(payload)} is shown whole, as text`).toBe(true);
    }
    if (UNISOLATED_HOST_TEXT.includes(name)) expect(hostBidi, `${name}: isolates its text now: remove it from UNISOLATED_HOST_TEXT`).toBeGreaterThan(0);
    if (RAW_LINK_SAMPLES.includes(name)) expect(rawLinks, `${name}: its sample gives links as the views do now: remove it from RAW_LINK_SAMPLES`).toBeGreaterThan(0);
  });
});

describe('the checks themselves', () => {
  it('catch an element, an attribute, a script URL and an unisolated override from the data', () => {
    const page = (value: string) => `<p title="${value}">${value}</p><a href="${value}">x</a>`;
    const benign = shapeOf(parseHtml(page(BENIGN)));
    expect(shapeOf(parseHtml(page('<script>alert(1)</script>')))).not.toEqual(benign);
    expect(shapeOf(parseHtml(page('"><img src=x onerror=alert(1)>')))).not.toEqual(benign);
    expect(scriptUrls(parseHtml(page(' java\tscript:alert(1)')))).toEqual(['<a href=" java\tscript:alert(1)">']);
    expect(unisolatedBidi(parseHtml('<p>Bob \u202Egnp.exe</p>'))).toHaveLength(1);
    expect(unisolatedBidi(parseHtml('<p>Bob <bdi>\u202Egnp.exe</bdi> <span dir="auto">\u202Ex</span></p>'))).toEqual([]);
    expect(isPlainText('Hello Bob,\n\nyou have 2 unread messages.')).toBe(true);
    expect(isPlainText('<p>Hello</p>')).toBe(false);
  });
});
