import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { elementsOf, type HtmlNode, parseHtml, scriptUrls, shapeOf, textsOf } from '../helpers/html-tree.js';

/**
 * A host's `templates` folder replacing `conversations/inbox`: the inbox page over HTTP is the
 * host's markup, filled with the member's data, which eta's `<%= %>` escapes.
 */

const HOSTILE_NAME = '"><img src=x onerror=alert(1)>Mallory';
const HOSTILE_SUBJECT = '<script>alert(1)</script>Plans';
const HOSTILE_BODY = '</textarea><b>bold</b> javascript:alert(1)';

/** The host's own inbox: its own classes and words, the package's data. */
const HOST_INBOX = `<section class="host-inbox" lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>">
<h2 class="host-heading">Your conversations</h2>
<ol class="host-threads">
<% for (const t of it.threads) { %><li class="host-thread"><a class="host-link" href="<%= t.href %>" title="<%= t.subject %>"><%= t.subject %></a>
<span class="host-preview"><%= t.preview %></span></li>
<% } %></ol>
</section>`;

/** The host's one-button form, which the package's templates include (the thread's Archive, Mute, Leave). */
const HOST_POST_BUTTON = `<form class="host-post" method="post" action="<%= it.action %>"><input type="hidden" name="_csrf" value="<%= it.csrfToken %>"><button class="host-button"><%= it.label %></button></form>`;

const dir = mkdtempSync(join(tmpdir(), 'messaging-host-templates-'));
let t: HttpTestApp;
let threadId: string;

beforeAll(async () => {
  mkdirSync(join(dir, 'conversations'));
  writeFileSync(join(dir, 'conversations', 'inbox.eta'), HOST_INBOX);
  mkdirSync(join(dir, 'safety'));
  writeFileSync(join(dir, 'safety', 'post-button.eta'), HOST_POST_BUTTON);
  t = await createHttpTestApp({
    overrides: {
      templates: dir,
      users: { getUsers: async (ids) => ids.map((id) => ({ id, displayName: id === '1' ? 'Alice' : HOSTILE_NAME })) },
    },
  });
  const res = await t
    .as('2')
    .post('/api/threads')
    .send({ recipientIds: ['1'], subject: HOSTILE_SUBJECT, body: HOSTILE_BODY });
  expect(res.status).toBe(201);
  threadId = res.body.thread.id;
});

afterAll(async () => {
  await t?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const byClass = (root: HtmlNode, name: string) => elementsOf(root).filter((el) => el.attrs?.some((a) => a.name === 'class' && a.value.split(' ').includes(name)));

describe("a host's templates folder over HTTP", () => {
  it("serves the host's inbox markup instead of the package's, with the member's data escaped", async () => {
    const res = await t.as('1').get('/');
    expect(res.status).toBe(200);
    const page = parseHtml(res.text);
    const [section] = byClass(page, 'host-inbox');
    expect(section, 'the host template is on the page').toBeDefined();
    expect(byClass(page, 'm-threads'), "the package's own inbox list is not").toEqual([]);

    const ours = section as HtmlNode;
    expect(shapeOf(ours), 'no element or attribute came from the data').toEqual([
      'section[class,lang,dir]',
      'h2[class]',
      'ol[class]',
      'li[class]',
      'a[class,href,title]',
      'span[class]',
    ]);
    expect(scriptUrls(ours)).toEqual([]);
    const [link] = byClass(ours, 'host-link');
    expect(
      textsOf(link as HtmlNode)
        .map((x) => x.text)
        .join(''),
    ).toBe(HOSTILE_SUBJECT);
    expect(link?.attrs?.find((a) => a.name === 'title')?.value).toBe(HOSTILE_SUBJECT);
    expect(link?.attrs?.find((a) => a.name === 'href')?.value).toMatch(/^\/messages\/threads\/[^/]+$/);
    const [preview] = byClass(ours, 'host-preview');
    expect(
      textsOf(preview as HtmlNode)
        .map((x) => x.text)
        .join(''),
    ).toContain(HOSTILE_BODY);
    // Escaped in the source as the browser received it, not only harmless after parsing.
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;Plans');
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).not.toContain('<img src=x');
  });

  it("uses the host's copy of a template the package's templates include (the thread's controls)", async () => {
    const res = await t.as('1').get(`/threads/${threadId}`);
    expect(res.status).toBe(200);
    const page = parseHtml(res.text);
    const forms = byClass(page, 'host-post');
    expect(forms.length, "the thread's controls are the host's forms").toBeGreaterThan(0);
    for (const form of forms) {
      expect(form.attrs?.find((a) => a.name === 'action')?.value).toMatch(/^\/messages\//);
      expect(elementsOf(form).some((el) => el.attrs?.some((a) => a.name === 'name' && a.value === '_csrf'))).toBe(true);
    }
    expect(byClass(page, 'm-inline-form'), "no form of the package's own post-button").toEqual([]);
    // The thread itself is still the package's page, with the member's data escaped.
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;Plans');
  });

  it("leaves the other pages to the package's templates (the compose form)", async () => {
    const res = await t.as('1').get('/new');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('host-inbox');
    expect(res.text).toContain('class="messaging');
  });
});
