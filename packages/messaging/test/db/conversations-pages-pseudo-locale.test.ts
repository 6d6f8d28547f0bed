import { afterEach, describe, expect, it } from 'vitest';
import type { MessagingUser } from '../../src/options.js';
import { createHttpTestApp, type HttpTestApp, startThread } from '../helpers/http-app.js';

/*
 * Issue 15: the inbox, compose (with the recipient picker) and search pages in the pseudo-locale
 * en-XA, where every catalogue message is accented and bracketed ("⟦Şḗƞḓ⟧"). Members' names and
 * messages are Greek here, so any run of plain ASCII letters a member reads (text, or the words
 * of aria-label, title, alt and placeholder) is English that did not come from the catalogue.
 */

const GREEK: MessagingUser[] = [
  { id: 1, displayName: 'Αλίκη', profileUrl: '/users/1' },
  { id: 2, displayName: 'Βασίλης', profileUrl: '/users/2' },
  { id: 3, displayName: 'Γιώργος', profileUrl: null },
  { id: 4, displayName: 'Δήμητρα', profileUrl: null },
];

let t: HttpTestApp;
afterEach(async () => {
  await t?.cleanup();
});

/** The `.messaging` root of a page (the package's part, without the layout). */
function rootOf(page: string): string {
  const start = page.search(/<div class="messaging /);
  if (start < 0) throw new Error(`no .messaging root in ${page.slice(0, 300)}`);
  return page.slice(start, page.lastIndexOf('</div>') + 6);
}

/**
 * Words of plain ASCII letters a member reads: element text and the readable attributes. Times
 * are left out: `Intl` formats them (en-XA dates read as English ones), not the catalogue.
 */
function englishWords(page: string): string[] {
  const markup = page.replace(/<time\b[^>]*>[^<]*<\/time>/g, '');
  const readable = [...markup.matchAll(/\s(?:aria-label|title|alt|placeholder)="([^"]*)"/g)].map((m) => m[1] as string);
  const text = markup.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
  return [...[...readable, text].join(' ').matchAll(/[A-Za-z]{2,}/g)].map((m) => m[0]).filter((word) => !LIST_WORDS.has(word));
}

/** The words `Intl.ListFormat` joins names with in en-XA ("Bob and Carol"): CLDR's, not the catalogue's. */
const LIST_WORDS = new Set(
  new Intl.ListFormat('en-XA')
    .formatToParts(['a', 'b', 'c'])
    .filter((part) => part.type === 'literal')
    .flatMap((part) => part.value.match(/[A-Za-z]{2,}/g) ?? []),
);

describe('conversation pages in the pseudo-locale en-XA', () => {
  it('inbox, compose with the picker, search with results and a refused search show no English outside the catalogue', async () => {
    const users = {
      getUsers: async (ids: string[]) => GREEK.filter((u) => ids.includes(String(u.id))),
      search: async (query: string) => GREEK.filter((u) => u.displayName.includes(query)),
    };
    t = await createHttpTestApp({ overrides: { users, locale: () => 'en-XA' } });
    const { threadId } = await startThread(t, '2', ['1'], 'καλημέρα φίλε');
    await t.as('1').post(`/api/threads/${threadId}/messages`).send({ body: 'καλημέρα' });
    const muted = await startThread(t, '3', ['1'], 'γειά');
    await t.as('1').post(`/api/threads/${muted.threadId}/mute`);
    const archived = await startThread(t, '4', ['3'], 'γειά');
    await t.as('4').post(`/api/threads/${archived.threadId}/archive`);

    const pages = {
      inbox: await t.as('1').get('/'),
      inboxOnlyArchived: await t.as('4').get('/'),
      compose: await t.as('1').get('/new?to=2&to=3'),
      picker: await t.as('1').get('/new?q=Γ'),
      pickerNone: await t.as('1').get('/new?q=Ω'),
      pickerEmpty: await t.as('1').get('/new?q=%20'),
      wrongRecipient: await t.as('1').get('/new?to=99'),
      search: await t.as('1').get('/search?q=καλημέρα'),
      searchRefused: await t.as('1').get('/search?q=%22*%22'),
    };
    // Each page shows what it is there for: rows, the picker's finds, results, the errors.
    expect(pages.inbox.text).toContain('data-messaging-muted');
    expect(pages.inboxOnlyArchived.text).toContain('href="/messages/archived"');
    expect(pages.picker.text).toContain('<bdi>Γιώργος</bdi>');
    expect(pages.search.text).toContain('<mark>');
    expect(pages.wrongRecipient.text).toContain('id="messaging-to-error"');
    for (const [name, res] of Object.entries(pages)) {
      expect(res.text, name).toContain('⟦');
      expect(englishWords(rootOf(res.text)), name).toEqual([]);
    }
    // The check itself sees English in text and in the readable attributes.
    expect(englishWords('<nav aria-label="More results"><a href="/m/x">Older</a> ⟦Ǿŀḓḗř⟧</nav>')).toEqual(['More', 'results', 'Older']);
  });
});
