import { createRequire } from 'node:module';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/catalogue/catalogue.js';
import { type Catalogue, SHIPPED_CATALOGUES } from '../../src/catalogue/locales/index.js';
import { PSEUDO_LOCALE } from '../../src/views/i18n/pseudo-locale.js';
import { createUnsubscribeLinks } from '../../src/services/notifications/unsubscribe-token.js';
import { createDeploymentSecret, NOTIFY_SECRET_KEY } from '../../src/services/settings/secrets.js';
import { createSettingsStore } from '../../src/services/settings/settings-store.js';
import type { MessagingUser } from '../../src/options.js';
import { type LiveWords, liveWordsOf, liveWordsSrc } from '../helpers/live-words.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { createTestMessaging, type TestMessaging } from '../helpers/test-messaging.js';

/*
 * Issue 15: every page of the router speaks every shipped locale, and the pseudo-locale finds any
 * word that does not come from the catalogue. Each page is fetched over HTTP in each locale (the
 * host's `locale(req)` option) and read with a real HTML parser:
 * - every locale: the page's root (`.messaging`) says the locale's `lang` and `dir`; no message key
 *   shows instead of its text; outside English, no text is an English message the locale words
 *   differently (a word written into a template or view instead of asked from the catalogue);
 * - en-XA: no text node and no attribute meant for people (title, aria-label, placeholder, alt,
 *   a button's value, an option's label) holds English. Pseudo text has no ASCII letters
 *   (`⟦Şḗƞḓ⟧`), and the members' data here is Greek, Cyrillic and Chinese, so an ASCII word is
 *   English from outside the catalogue, unless `Intl` wrote it (dates in `<time>`, "and" in a list).
 */

/**
 * Pages still being moved onto the catalogue (issue 15), by their name in PAGES below, with what
 * still shows English. Their checks are skipped, and a test fails as soon as one of them passes,
 * so the list only ever shrinks; it must end empty.
 */
const NOT_YET_CONVERTED = new Set<string>([]);

const LOCALES = [...Object.keys(SHIPPED_CATALOGUES), PSEUDO_LOCALE];
const RTL = new Set(['ar']);

const ALICE = '1';
const BOB = '2';
const CAROL = '3';
const DAVE = '4';
const ADMIN = '5';
const EVA = '6';

/** Member data in scripts without ASCII letters, so the English check can tell it from leaked words. */
const MEMBERS: MessagingUser[] = [
  { id: 1, displayName: 'Αλίκη Παπαδοπούλου', profileUrl: '/users/1', avatarUrl: '/avatars/1.png' },
  { id: 2, displayName: 'Борис Петров', profileUrl: '/users/2' },
  { id: 3, displayName: 'Καρολίνα', profileUrl: '/users/3' },
  { id: 4, displayName: 'Давид', profileUrl: '/users/4' },
  { id: 5, displayName: '管理员', profileUrl: '/users/5' },
  { id: 6, displayName: 'Ευαγγελία', profileUrl: '/users/6' },
];

interface Seeded {
  direct: string;
  group: string;
  archived: string;
  /** Alice's own message in the group (edit and delete pages). */
  own: string;
  /** Bob's reply to Alice (report page). */
  bobs: string;
  report: string;
  unsubscribe: string;
}

interface PageCase {
  /** What the page is; the name NOT_YET_CONVERTED uses. */
  name: string;
  as: string | null;
  path: (s: Seeded) => string;
  status: number;
  /** A form post that answers with a page (its errors). */
  form?: Record<string, string>;
}

const PAGES: PageCase[] = [
  { name: 'inbox', as: ALICE, path: () => '/messages/', status: 200 },
  { name: 'inbox (empty)', as: ADMIN, path: () => '/messages/', status: 200 },
  { name: 'inbox (only archived)', as: EVA, path: () => '/messages/', status: 200 },
  { name: 'compose (recipient picker)', as: ALICE, path: () => '/messages/new', status: 200 },
  { name: 'compose (picker results)', as: ALICE, path: () => `/messages/new?q=${encodeURIComponent('Бор')}`, status: 200 },
  { name: 'compose (to a member)', as: ALICE, path: () => `/messages/new?to=${BOB}`, status: 200 },
  { name: 'compose (empty message refused)', as: ALICE, path: () => '/messages/', status: 400, form: { to: BOB, subject: '', body: '' } },
  { name: 'thread (direct)', as: ALICE, path: (s) => `/messages/threads/${s.direct}`, status: 200 },
  { name: 'thread (group)', as: ALICE, path: (s) => `/messages/threads/${s.group}`, status: 200 },
  { name: 'thread (empty reply refused)', as: ALICE, path: (s) => `/messages/threads/${s.direct}`, status: 400, form: { body: '' } },
  { name: 'search', as: ALICE, path: () => `/messages/search?q=${encodeURIComponent('Привет')}`, status: 200 },
  { name: 'search (nothing found)', as: ALICE, path: () => `/messages/search?q=${encodeURIComponent('Ωμέγα')}`, status: 200 },
  { name: 'group settings', as: ALICE, path: (s) => `/messages/threads/${s.group}/settings`, status: 200 },
  { name: 'edit message', as: ALICE, path: (s) => `/messages/messages/${s.own}/edit`, status: 200 },
  { name: 'delete message', as: ALICE, path: (s) => `/messages/messages/${s.own}/delete`, status: 200 },
  { name: 'archived', as: ALICE, path: () => '/messages/archived', status: 200 },
  { name: 'block', as: ALICE, path: () => `/messages/blocks/new?userId=${BOB}`, status: 200 },
  { name: 'block (blocked)', as: ALICE, path: () => `/messages/blocks/new?userId=${CAROL}&done=blocked`, status: 200 },
  { name: 'block (unblocked)', as: ALICE, path: () => `/messages/blocks/new?userId=${DAVE}&done=unblocked`, status: 200 },
  { name: 'preferences', as: ALICE, path: () => '/messages/preferences?saved=1', status: 200 },
  { name: 'report', as: ALICE, path: (s) => `/messages/messages/${s.bobs}/report`, status: 200 },
  { name: 'report (sent)', as: ALICE, path: (s) => `/messages/messages/${s.bobs}/report?sent=1`, status: 200 },
  { name: 'admin switch', as: ADMIN, path: () => '/admin/messaging', status: 200 },
  { name: 'moderation', as: ADMIN, path: () => '/admin/messaging/reports', status: 200 },
  { name: 'moderation (remove confirm)', as: ADMIN, path: (s) => `/admin/messaging/reports/${s.report}/confirm?action=delete_message`, status: 200 },
  { name: 'moderation (suspend confirm)', as: ADMIN, path: (s) => `/admin/messaging/reports/${s.report}/confirm?action=suspend_sender`, status: 200 },
  { name: 'limits', as: ADMIN, path: () => '/admin/messaging/limits', status: 200 },
  { name: 'error 401 (signed out)', as: null, path: () => '/messages/', status: 401 },
  { name: 'error 403 (not an admin)', as: ALICE, path: () => '/admin/messaging/reports', status: 403 },
  { name: 'error 404 (no such thread)', as: ALICE, path: () => '/messages/threads/999999', status: 404 },
  { name: 'unsubscribe', as: null, path: (s) => s.unsubscribe, status: 200 },
  { name: 'unsubscribe (bad link)', as: null, path: () => '/messages/unsubscribe?u=2&t=forged', status: 404 },
];

/** GET routes that answer JSON, files or events, not a page (the API is mounted under /api, which the walk does not see). */
const NOT_PAGES = new Set([
  '/threads',
  '/blocks',
  '/users',
  '/unread',
  '/csrf',
  '/events',
  '/assets/messaging.css',
  '/assets/messaging.js',
  '/assets/messaging-words.js',
  '/attachments/:attachmentId',
  '/attachments/:attachmentId/thumbnail',
]);

/**
 * The paths of a router's GET routes, nested routers included (without their mount paths). A
 * route whose handler is a router (the member-safety routes sit behind one path match) stands
 * for that router's own routes, which see the whole path.
 */
function getRoutes(router: unknown): string[] {
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean>; stack?: Layer[] }; handle?: { stack?: Layer[] } };
  const out: string[] = [];
  const walk = (stack: Layer[] | undefined) => {
    for (const layer of stack ?? []) {
      const routers = layer.route?.stack?.filter((l) => l.handle?.stack) ?? [];
      if (routers.length > 0) for (const inner of routers) walk(inner.handle?.stack);
      else if (layer.route?.methods.get) out.push(...[layer.route.path].flat());
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as { stack?: Layer[] }).stack);
  return [...new Set(out)];
}

// ---- reading the HTML ----

interface HtmlNode {
  nodeName: string;
  tagName?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: HtmlNode[];
  content?: HtmlNode;
  value?: string;
}

/** parse5 6 (a dev dependency) ships no types: the parts read here. */
const parse5 = createRequire(import.meta.url)('parse5') as { parse(html: string): HtmlNode };

const attrOf = (el: HtmlNode, name: string) => el.attrs?.find((a) => a.name === name)?.value;

/** Attributes a person reads or hears. */
const PEOPLE_ATTRIBUTES = ['title', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder', 'placeholder', 'alt', 'label'];

interface Shown {
  /** Where it is: `text in <p>`, `title of <a>`. */
  where: string;
  text: string;
  /** In or on a `<time>`: written by Intl.DateTimeFormat / RelativeTimeFormat. */
  inTime: boolean;
}

/** Every text a person sees or hears on the page: text nodes (not scripts or styles), and the attributes above. */
function shownTexts(root: HtmlNode): Shown[] {
  const out: Shown[] = [];
  const walk = (node: HtmlNode, parent: string, inTime: boolean) => {
    if (node.nodeName === '#text') {
      if ((node.value ?? '').trim()) out.push({ where: `text in <${parent}>`, text: node.value ?? '', inTime });
      return;
    }
    const tag = node.tagName;
    if (tag === 'script' || tag === 'style') return;
    if (tag) {
      for (const name of PEOPLE_ATTRIBUTES) {
        const value = attrOf(node, name);
        if (value?.trim()) out.push({ where: `${name} of <${tag}>`, text: value, inTime: tag === 'time' });
      }
      const type = attrOf(node, 'type');
      if (tag === 'input' && (type === 'submit' || type === 'button' || type === 'reset')) {
        const value = attrOf(node, 'value');
        if (value?.trim()) out.push({ where: `value of <input type=${type}>`, text: value, inTime: false });
      }
    }
    for (const child of node.childNodes ?? []) walk(child, tag ?? parent, inTime || tag === 'time');
    if (node.content) walk(node.content, tag ?? parent, inTime);
  };
  walk(root, 'document', false);
  return out;
}

/** Every string inside a JSON value. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

function elements(root: HtmlNode): HtmlNode[] {
  const out: HtmlNode[] = [];
  const walk = (node: HtmlNode) => {
    if (node.tagName) out.push(node);
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(root);
  return out;
}

/** The page's own root: the outermost element with the class `messaging`. */
function pageRoot(root: HtmlNode): HtmlNode | undefined {
  return elements(root).find((el) => (attrOf(el, 'class') ?? '').split(/\s+/).includes('messaging'));
}

// ---- what counts as a problem ----

const en = SHIPPED_CATALOGUES.en as Catalogue;

function messagesOf(catalogue: Catalogue): Map<string, Message> {
  const out = new Map<string, Message>();
  for (const [section, messages] of Object.entries(catalogue))
    for (const [name, message] of Object.entries(messages as Record<string, Message>)) out.set(`${section}.${name}`, message);
  return out;
}
const textsOf = (message: Message | undefined): string[] => (message === undefined ? [] : typeof message === 'string' ? [message] : Object.values(message));

const EN_MESSAGES = messagesOf(en);

/** Words `Intl` writes in English for en-XA (month names, AM/PM, "ago", "and"…): not the pages' doing. */
const INTL_WORDS: ReadonlySet<string> = (() => {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const word of text.match(/[A-Za-z]+/g) ?? []) words.add(word);
  };
  const dates = new Intl.DateTimeFormat(PSEUDO_LOCALE, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  for (let month = 0; month < 12; month++) for (const hour of [1, 13]) add(dates.format(Date.UTC(2026, month, 1, hour)));
  const relative = new Intl.RelativeTimeFormat(PSEUDO_LOCALE, { numeric: 'auto' });
  for (const unit of ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const) for (const n of [-2, -1, 0, 1, 2]) add(relative.format(n, unit));
  for (const type of ['conjunction', 'disjunction'] as const) add(new Intl.ListFormat(PSEUDO_LOCALE, { type }).format(['x', 'y', 'z']));
  return words;
})();

/** en-XA: the ASCII words of a shown text that neither the catalogue (accented) nor the members (not Latin) nor Intl wrote. */
function englishIn(shown: Shown): string[] {
  if (shown.inTime) return [];
  // The live script's messages keep their {placeholders} for the script to fill.
  return (shown.text.replace(/\{[A-Za-z][A-Za-z0-9]*\}/g, '').match(/[A-Za-z]+/g) ?? []).filter((word) => !INTL_WORDS.has(word));
}

/** Texts a page would show if it printed a message's key instead of its words. */
const KEY_PATTERN = new RegExp(`\\b(?:${Object.keys(en).join('|')})\\.[A-Za-z_][A-Za-z0-9_]*\\b`);

/**
 * For a locale other than English: the English messages it words differently, as a page would
 * show them whole (no placeholders, at least two words, so "OK" or a name never matches).
 */
function englishOnlyMessages(locale: string): Set<string> {
  const own = messagesOf((SHIPPED_CATALOGUES as Record<string, Catalogue>)[locale] as Catalogue);
  const out = new Set<string>();
  for (const [key, message] of EN_MESSAGES) {
    const translated = new Set(textsOf(own.get(key)));
    for (const text of textsOf(message)) if (!text.includes('{') && /\s/.test(text.trim()) && !translated.has(text)) out.add(text.trim());
  }
  return out;
}

interface Rendered {
  status: number;
  html: string;
  /** The words the page's words script hands the live script, if it links one. */
  words?: LiveWords | undefined;
}

function problemsOf(page: PageCase, locale: string, rendered: Rendered): string[] {
  const problems: string[] = [];
  if (rendered.status !== page.status) problems.push(`status ${rendered.status}, expected ${page.status}`);
  const doc = parse5.parse(rendered.html);
  const root = pageRoot(doc);
  const dir = RTL.has(locale.split('-')[0] as string) ? 'rtl' : 'ltr';
  if (!root) problems.push('no element with class "messaging"');
  else {
    if (attrOf(root, 'lang') !== locale) problems.push(`root lang="${attrOf(root, 'lang')}", expected "${locale}"`);
    if (attrOf(root, 'dir') !== dir) problems.push(`root dir="${attrOf(root, 'dir')}", expected "${dir}"`);
  }
  // The package's default layout (no `layout` option here) says the same on <html>.
  const htmlElement = elements(doc).find((el) => el.tagName === 'html');
  if (htmlElement && (attrOf(htmlElement, 'lang') !== locale || attrOf(htmlElement, 'dir') !== dir))
    problems.push(`<html lang="${attrOf(htmlElement, 'lang')}" dir="${attrOf(htmlElement, 'dir')}">, expected lang="${locale}" dir="${dir}"`);
  const shown = shownTexts(doc);
  // The live script's words, from the words script the page links: `{ locale, timeZone, messages }`.
  for (const text of leaves(rendered.words?.messages)) shown.push({ where: 'messaging-words.js', text, inTime: false });
  for (const s of shown) {
    const key = KEY_PATTERN.exec(s.text);
    if (key) problems.push(`${s.where} shows the key ${key[0]}`);
  }
  if (locale === PSEUDO_LOCALE) {
    for (const s of shown) {
      const words = englishIn(s);
      if (words.length) problems.push(`${s.where}: ${JSON.stringify(s.text.trim())} (English: ${words.join(' ')})`);
    }
  } else if (locale !== 'en') {
    const english = englishOnlyMessages(locale);
    for (const s of shown) if (english.has(s.text.trim())) problems.push(`${s.where}: ${JSON.stringify(s.text.trim())} is English`);
  }
  return [...new Set(problems)];
}

// ---- the instance ----

let test: TestMessaging;
let app: express.Express;
let seeded: Seeded;
const csrfTokens = new Map<string, string>();

async function seed(t: TestMessaging): Promise<Seeded> {
  const { conversations, inboxControls, blocks, reports, suspensions, toggle } = t.messaging;
  await toggle.setEnabled(true, null);
  const direct = await conversations.startConversation({ senderId: ALICE, recipientIds: [BOB], subject: 'Σάββατο', body: 'Привет, как дела?' });
  const reply = await conversations.sendMessage({ senderId: BOB, threadId: direct.thread.id, body: 'Όλα καλά, ευχαριστώ.' });
  const group = await conversations.startConversation({ senderId: BOB, recipientIds: [ALICE, CAROL, DAVE], subject: 'Книжный клуб', body: 'Συνάντηση τη Δευτέρα;' });
  const own = await conversations.sendMessage({ senderId: ALICE, threadId: group.thread.id, body: 'Да, в семь.' });
  const old = await conversations.startConversation({ senderId: DAVE, recipientIds: [ALICE], subject: 'Παλιά υπόθεση', body: 'Старое дело' });
  await inboxControls.archive(ALICE, old.thread.id);
  const evas = await conversations.startConversation({ senderId: DAVE, recipientIds: [EVA], body: 'Καλημέρα' });
  await inboxControls.archive(EVA, evas.thread.id);
  await inboxControls.mute(ALICE, group.thread.id);
  await blocks.block(ALICE, CAROL);
  const { report } = await reports.report(ALICE, reply.id, { reason: 'spam', note: 'Это спам' });
  await suspensions.suspend(DAVE, { by: ADMIN, reason: 'Σπαμ' });
  const store = createSettingsStore(t.messaging.database.db, { now: () => new Date().toISOString() });
  const links = createUnsubscribeLinks({ secret: createDeploymentSecret(store, NOTIFY_SECRET_KEY), baseUrl: 'https://example.test/messages' });
  const url = new URL(await links.urlFor(BOB));
  return {
    direct: direct.thread.id,
    group: group.thread.id,
    archived: old.thread.id,
    own: own.id,
    bobs: reply.id,
    report: report.id,
    unsubscribe: `${url.pathname}${url.search}`,
  };
}

/**
 * The words script a page links, fetched once per query (the same for every page of a locale
 * and zone): from the main router, as the words for a locale and zone are the same from
 * either router, and a page under a guarded path (the moderation router's 403) links assets
 * under its own path, which only a signed-in admin may fetch.
 */
const wordsByQuery = new Map<string, Promise<LiveWords>>();
function wordsOf(markup: string): Promise<LiveWords | undefined> {
  const src = liveWordsSrc(markup);
  if (!src) return Promise.resolve(undefined);
  const query = src.slice(src.indexOf('?'));
  let words = wordsByQuery.get(query);
  if (!words) {
    words = liveWordsOf(app, `<script src="/messages/assets/messaging-words.js${query.replaceAll('&', '&amp;')}" defer></script>`);
    wordsByQuery.set(query, words);
  }
  return words;
}

async function render(page: PageCase, locale: string): Promise<Rendered> {
  const as = (t: request.Test) => (page.as === null ? t : t.set('x-test-user', page.as)).set('x-test-locale', locale).set('Accept', 'text/html');
  if (!page.form) {
    const res = await as(request(app).get(page.path(seeded)));
    return { status: res.status, html: res.text, words: await wordsOf(res.text) };
  }
  const user = page.as as string;
  let token = csrfTokens.get(user);
  if (!token) {
    token = (await request(app).get('/messages/api/csrf').set('x-test-user', user)).body.token as string;
    csrfTokens.set(user, token);
  }
  const res = await as(request(app).post(page.path(seeded)))
    .set('Sec-Fetch-Site', 'same-origin')
    .type('form')
    .send({ ...page.form, _csrf: token });
  return { status: res.status, html: res.text, words: await wordsOf(res.text) };
}

beforeAll(async () => {
  test = await createTestMessaging({
    users: {
      getUsers: async (ids) => MEMBERS.filter((m) => ids.includes(String(m.id))),
      search: async (query) => MEMBERS.filter((m) => m.displayName.toLowerCase().includes(query.toLowerCase())),
    },
    isAdmin: (req) => req.get('x-test-user') === ADMIN,
    // The member's language as a host would choose it (here: a test header).
    locale: (req) => req.get('x-test-locale'),
    timeZone: () => 'Europe/Berlin',
    rateLimits: false,
    attachments: true,
    notifications: { send: () => {}, baseUrl: 'https://example.test/messages', worker: false },
  });
  seeded = await seed(test);
  app = express();
  app.use('/messages', test.messaging.router);
  app.use('/admin/messaging', test.messaging.adminRouter);
});

afterAll(async () => {
  await test?.cleanup();
});

describe(`every page in every locale on ${TEST_DIALECT}`, () => {
  it('has a case for every GET route of the router and the admin router that answers a page', () => {
    const covered = (mount: string, route: string) => {
      const pattern = new RegExp(`^${mount}${route.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
      return PAGES.some((p) => pattern.test(p.path(seeded).split('?')[0] as string));
    };
    const missing = [
      ...getRoutes(test.messaging.router).filter((r) => !NOT_PAGES.has(r) && !covered('/messages', r)),
      ...getRoutes(test.messaging.adminRouter).filter((r) => !NOT_PAGES.has(r) && !covered('/admin/messaging', r === '/' ? '' : r)),
    ];
    expect(missing, 'a new page needs a case in PAGES').toEqual([]);
    for (const name of NOT_YET_CONVERTED) expect(PAGES.map((p) => p.name)).toContain(name);
  });

  for (const page of PAGES) {
    describe(page.name, () => {
      it.skipIf(NOT_YET_CONVERTED.has(page.name)).each(LOCALES)(`in %s: lang and dir, no key, no English outside the catalogue`, async (locale) => {
        const rendered = await render(page, locale);
        expect(problemsOf(page, locale, rendered), rendered.html).toEqual([]);
      });
    });
  }

  it.skipIf(NOT_YET_CONVERTED.size === 0)('every page on the NOT_YET_CONVERTED list still fails (a page that passes leaves the list)', async () => {
    const passing: string[] = [];
    for (const page of PAGES.filter((p) => NOT_YET_CONVERTED.has(p.name))) {
      let problems = 0;
      for (const locale of LOCALES) problems += problemsOf(page, locale, await render(page, locale)).length;
      if (problems === 0) passing.push(page.name);
    }
    expect(passing, 'these pages pass now: remove them from NOT_YET_CONVERTED').toEqual([]);
  });
});
