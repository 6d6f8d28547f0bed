import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createUnsubscribeLinks } from '../../src/services/notifications/unsubscribe-token.js';
import { createDeploymentSecret, NOTIFY_SECRET_KEY } from '../../src/services/settings/secrets.js';
import { createSettingsStore } from '../../src/services/settings/settings-store.js';
import { createHttpTestApp, type HttpTestApp } from '../helpers/http-app.js';
import { TEST_DIALECT } from '../helpers/test-database.js';

/** The one-click unsubscribe pages speak the member's language: the browser's, or the host's locale(req). */

const BASE = 'https://example.com/messages';
let open: HttpTestApp[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
});

async function app(locale?: () => string): Promise<HttpTestApp> {
  const t = await createHttpTestApp({ overrides: { notifications: { send: () => {}, baseUrl: BASE, worker: false }, ...(locale ? { locale } : {}) } });
  open.push(t);
  return t;
}

async function linkOf(t: HttpTestApp, userId: string): Promise<string> {
  const store = createSettingsStore(t.messaging.database.db, { now: () => new Date().toISOString() });
  const links = createUnsubscribeLinks({ secret: createDeploymentSecret(store, NOTIFY_SECRET_KEY), baseUrl: BASE });
  const url = new URL(await links.urlFor(userId));
  return `${url.pathname}${url.search}`;
}

describe(`the unsubscribe pages in the member's language on ${TEST_DIALECT}`, () => {
  it("German from Accept-Language: the confirm page, the page after it, the title and the page's lang", async () => {
    const t = await app();
    const path = await linkOf(t, '2');
    const page = await request(t.app).get(path).set('Accept-Language', 'de');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="de" dir="ltr">');
    expect(page.text).toContain('<title>Keine E-Mails mehr über Nachrichten?</title>');
    expect(page.text).toMatch(/<div class="messaging messaging-unsubscribe" lang="de" dir="ltr">/);
    expect(page.text).toContain('<button type="submit">Abbestellen</button>');
    expect(page.text).not.toContain('Unsubscribe to stop');

    const done = await request(t.app).post(path).set('Accept-Language', 'de').type('form').send('List-Unsubscribe=One-Click');
    expect(done.status).toBe(200);
    expect(done.text).toContain('<title>Abbestellt</title>');
    expect(done.text).toContain('Du bekommst keine E-Mails über Nachrichten mehr.');
    expect(done.text).toContain('Doch anders entschieden? Schalte die E-Mails in deinen <a href="/messages/preferences">Nachrichten-Einstellungen</a> wieder ein.');
    expect(await t.messaging.notifications.getMode('2')).toBe('off');
  });

  it("Arabic from the host's locale(req): right to left, and a wrong link's not-found page in Arabic", async () => {
    const t = await app(() => 'ar');
    const page = await request(t.app).get(await linkOf(t, '2'));
    expect(page.text).toContain('<html lang="ar" dir="rtl">');
    expect(page.text).toContain('<button type="submit">إلغاء الاشتراك</button>');
    const bad = await request(t.app).get('/messages/unsubscribe?u=2&t=nope');
    expect(bad.status).toBe(404);
    expect(bad.text).toContain('<html lang="ar" dir="rtl">');
    expect(bad.text).toContain('رابط إلغاء الاشتراك هذا غير صالح.');
    expect(bad.text).not.toContain('This unsubscribe link is not valid.');
  });
});
