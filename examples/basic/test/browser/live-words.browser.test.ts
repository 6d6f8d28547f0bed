import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot } from './harness.js';

// Issue 15: the live script speaks the member's language. Its words come from a script of their
// own before it (issue 18: `<mount>/assets/messaging-words.js?l=&tz=&v=`, a cached asset, no
// inline script), here German from bob's browser (Accept-Language). A host page that still has
// the old tag, words in `data-messaging-strings`, keeps working.

const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Serves `page` the host's /users page as a host with an old template would: the script tag of
 * before issue 18, the member's words (as the words script gives them) in its attribute.
 */
async function withOldScriptTag(page: Page): Promise<void> {
  await page.route('**/users', async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const tags = /<script src="([^"]*\/messaging-words\.js[^"]*)" defer><\/script><script src="([^"]*\/messaging\.js[^"]*)" defer><\/script>/.exec(html);
    if (!tags) throw new Error('no script tags on /users');
    const wordsScript = await (await page.request.get((tags[1] as string).replaceAll('&amp;', '&'))).text();
    const box: Record<symbol, unknown> = {};
    new Function('self', wordsScript)(box);
    const words = JSON.stringify(box[Symbol.for('@org/messaging/live-words')]);
    const old = `<script src="${tags[2]}" defer data-messaging-strings="${escapeAttribute(words)}"></script>`;
    await route.fulfill({ response, body: html.replace(tags[0], old) });
  });
}
// Three pages and two sends, like live-announcements plus a host page: twice the usual time on a loaded machine.
describe.skipIf(!hasChromium)('the live script in the member’s language, in chromium', { timeout: 2 * BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it('a German member hears and sees what arrives live in German: the announcement, the badge’s label, the nav link', async () => {
    await suite.enableMessaging();
    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/new?to=${suite.idOf('bob')}`);
    await alice.getByLabel('Message', { exact: true }).fill('Are you around?');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    const threadPath = new URL(alice.url()).pathname;

    const bob = await suite.signedIn('bob', { locale: 'de-DE' });
    await bob.goto(threadPath);
    const bobOther = await bob.context().newPage();
    const words = bobOther.waitForResponse((res) => res.url().includes('/messages/assets/messaging-words.js?l=de-DE&tz=UTC&v='));
    await bobOther.goto('/users');
    // The host page's tag is short: the words come as their own (cached) script.
    expect((await words).status()).toBe(200);
    await expect(bobOther.locator('[data-messaging-strings]').count()).resolves.toBe(0);
    await expect.poll(() => bobOther.locator('[data-messaging-badge]').count()).toBe(0);
    await expect(bobOther.locator('[data-messaging-nav]').textContent()).resolves.toBe('Nachrichten');
    // A third tab of bob's, on a host page with the old tag.
    const bobOld = await bob.context().newPage();
    await withOldScriptTag(bobOld);
    await bobOld.goto('/users');
    await expect(bobOld.locator('script[data-messaging-strings]').count()).resolves.toBe(1);
    await expect(bobOld.locator('script[src*="messaging-words.js"]').count()).resolves.toBe(0);
    await expect.poll(() => suite.example.messaging.openStreams()).toBe(4);

    await alice.getByLabel('Your message').fill('Coffee at 3?');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    const messageId = new URL(alice.url()).hash.slice(1);
    await bob.locator(`[id="${messageId}"]`).waitFor();
    await expect.poll(() => bob.locator('[data-messaging-announcer]').textContent()).toBe('Neue Nachricht von Alice Archer');
    // Someone else's message arriving live gets its Report link in German.
    await expect(bob.locator(`[id="${messageId}"] [data-messaging-report-link]`).textContent()).resolves.toBe('Melden');

    // With the thread closed, the other tab's badge rises and stays: said and labelled in German.
    await bob.close();
    await expect.poll(() => suite.example.messaging.openStreams()).toBe(3);
    await alice.getByLabel('Your message').fill('Or 4?');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    await expect.poll(() => bobOther.locator('[data-messaging-announcer]').textContent()).toBe('1 ungelesene Nachricht');
    await expect.poll(() => bobOther.locator('[data-messaging-nav]').getAttribute('aria-label')).toBe('Nachrichten, 1 ungelesene Nachricht');
    await expect(bobOther.locator('[data-messaging-badge]').textContent()).resolves.toBe('1');
    await screenshot(bobOther, 'live-words-de.png');
    // The old tag's words reach the script just the same.
    await expect.poll(() => bobOld.locator('[data-messaging-announcer]').textContent()).toBe('1 ungelesene Nachricht');
    await expect.poll(() => bobOld.locator('[data-messaging-nav]').getAttribute('aria-label')).toBe('Nachrichten, 1 ungelesene Nachricht');
  });
});
