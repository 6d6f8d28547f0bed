import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createUnsubscribeLinks } from '../../src/services/notifications/unsubscribe-token.js';
import { createDeploymentSecret, NOTIFY_SECRET_KEY } from '../../src/services/settings/secrets.js';
import { createSettingsStore } from '../../src/services/settings/settings-store.js';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/** One-click unsubscribe as a member (signed out, from a mail) and a mail provider (RFC 8058) meet it. */

const BASE = 'https://example.com/messages';
let open: HttpTestApp[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
});

async function app(): Promise<HttpTestApp> {
  const t = await createHttpTestApp({ overrides: { notifications: { send: () => {}, baseUrl: BASE, worker: false } } });
  open.push(t);
  return t;
}

/** The member's link as a mail carries it, made by another instance's links over the same database's secret. */
async function linkOf(t: HttpTestApp, userId: string): Promise<string> {
  const store = createSettingsStore(t.messaging.database.db, { now: () => new Date().toISOString() });
  const links = createUnsubscribeLinks({ secret: createDeploymentSecret(store, NOTIFY_SECRET_KEY), baseUrl: BASE });
  const url = new URL(await links.urlFor(userId));
  return `${url.pathname.slice('/messages'.length)}${url.search}`;
}

const ONE_CLICK = 'List-Unsubscribe=One-Click';

describe(`one-click unsubscribe on ${TEST_DIALECT}`, () => {
  it('signed out, the link shows a confirm button and changes nothing; the button turns mail off for that member only', async () => {
    const t = await app();
    const path = await linkOf(t, '2');
    const page = await t.as(null).get(path);
    expect(page.status).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Stop mail about messages?');
    expect(page.text).not.toContain('name="_csrf"');
    const action = /<form method="post" action="([^"]+)"[^>]*data-messaging-unsubscribe>/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
    expect(action).toBe(`/messages${path}`);
    expect(page.text).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    // No live script on a signed-out page: it would only ask the API for a 401.
    expect(page.text).not.toContain('messaging.js');
    expect(await t.messaging.notifications.getMode('2')).toBe('conversation');

    // The button: a same-origin form post, as a signed-out browser sends it.
    const done = await request(t.app).post(action!).set('Sec-Fetch-Site', 'same-origin').type('form').send(ONE_CLICK);
    expect(done.status).toBe(200);
    expect(done.text).toContain('You will no longer get mail about messages.');
    expect(done.text).not.toContain('messaging.js');
    expect(await t.messaging.notifications.getMode('2')).toBe('off');
    expect(await t.messaging.notifications.getMode('3')).toBe('conversation');
  });

  it("a mail provider's one-click POST works cross-site, urlencoded or multipart, without cookies or a CSRF token", async () => {
    const t = await app();
    await t.messaging.notifications.setMode('3', 'digest');
    const urlencoded = await request(t.app)
      .post(`/messages${await linkOf(t, '3')}`)
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'https://mail.example.net')
      .type('form')
      .send(ONE_CLICK);
    expect(urlencoded.status).toBe(200);
    expect(await t.messaging.notifications.getMode('3')).toBe('off');

    const multipart = await request(t.app)
      .post(`/messages${await linkOf(t, '4')}`)
      .field('List-Unsubscribe', 'One-Click');
    expect(multipart.status).toBe(200);
    expect(await t.messaging.notifications.getMode('4')).toBe('off');
    // Again: still 200, still off.
    expect(
      (
        await request(t.app)
          .post(`/messages${await linkOf(t, '4')}`)
          .type('form')
          .send(ONE_CLICK)
      ).status,
    ).toBe(200);
  });

  it("refuses another member's token, a tampered one and a missing one with the not-found page, and a POST without the one-click body, changing nothing", async () => {
    const t = await app();
    const mine = new URLSearchParams((await linkOf(t, '2')).split('?')[1]);
    const token = mine.get('t')!;
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    const bad = [
      `/unsubscribe?u=3&t=${token}`,
      `/unsubscribe?u=2&t=${tampered}`,
      '/unsubscribe?u=2',
      '/unsubscribe',
      `/unsubscribe?u=2&u=3&t=${token}`,
      `/unsubscribe?u=2&t=${token}&t=${token}`,
    ];
    for (const path of bad) {
      const get = await t.as(null).get(path);
      expect(get.status, path).toBe(404);
      expect(get.text).toContain('This unsubscribe link is not valid.');
      const post = await request(t.app).post(`/messages${path}`).type('form').send(ONE_CLICK);
      expect(post.status, path).toBe(404);
    }
    const noBody = await request(t.app).post(`/messages/unsubscribe?u=2&t=${token}`).type('form').send('List-Unsubscribe=Yes');
    expect(noBody.status).toBe(400);
    expect(await t.messaging.notifications.getMode('2')).toBe('conversation');
    expect(await t.messaging.notifications.getMode('3')).toBe('conversation');
  });

  it('refuses a multipart body that is too large or malformed, changing nothing', async () => {
    const t = await app();
    const path = `/messages${await linkOf(t, '2')}`;
    const big = await request(t.app).post(path).field('List-Unsubscribe', 'One-Click').field('padding', 'x'.repeat(20_000));
    expect(big.status).toBe(413);
    const broken = await request(t.app).post(path).set('Content-Type', 'multipart/form-data; boundary=zzz').send('--zzz\r\nContent-Disposition: form-data; name="List-Unsub');
    expect(broken.status).toBe(400);
    const noBoundary = await request(t.app).post(path).set('Content-Type', 'multipart/form-data').send('List-Unsubscribe=One-Click');
    expect(noBoundary.status).toBe(400);
    expect(await t.messaging.notifications.getMode('2')).toBe('conversation');
  });

  it('works while messaging is switched off (the other pages answer messaging_disabled)', async () => {
    const t = await app();
    await t.messaging.toggle.setEnabled(false, null);
    expect((await t.as('2').get('/')).status).toBe(404);
    const path = await linkOf(t, '2');
    expect((await t.as(null).get(path)).status).toBe(200);
    expect((await request(t.app).post(`/messages${path}`).type('form').send(ONE_CLICK)).status).toBe(200);
    expect(await t.messaging.notifications.getMode('2')).toBe('off');
  });
});
