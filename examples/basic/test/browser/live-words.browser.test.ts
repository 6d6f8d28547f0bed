import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium } from './harness.js';

// Issue 15: the live script speaks the member's language. Its words come on its own script tag
// (data-messaging-strings, no inline script), here German from bob's browser (Accept-Language).
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
    await bobOther.goto('/users');
    await expect.poll(() => bobOther.locator('[data-messaging-badge]').count()).toBe(0);
    await expect(bobOther.locator('[data-messaging-nav]').textContent()).resolves.toBe('Nachrichten');
    await expect.poll(() => suite.example.messaging.openStreams()).toBe(3);

    await alice.getByLabel('Your message').fill('Coffee at 3?');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    const messageId = new URL(alice.url()).hash.slice(1);
    await bob.locator(`[id="${messageId}"]`).waitFor();
    await expect.poll(() => bob.locator('[data-messaging-announcer]').textContent()).toBe('Neue Nachricht von Alice Archer');
    // Someone else's message arriving live gets its Report link in German.
    await expect(bob.locator(`[id="${messageId}"] [data-messaging-report-link]`).textContent()).resolves.toBe('Melden');

    // With the thread closed, the other tab's badge rises and stays: said and labelled in German.
    await bob.close();
    await expect.poll(() => suite.example.messaging.openStreams()).toBe(2);
    await alice.getByLabel('Your message').fill('Or 4?');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    await expect.poll(() => bobOther.locator('[data-messaging-announcer]').textContent()).toBe('1 ungelesene Nachricht');
    await expect.poll(() => bobOther.locator('[data-messaging-nav]').getAttribute('aria-label')).toBe('Nachrichten, 1 ungelesene Nachricht');
    await expect(bobOther.locator('[data-messaging-badge]').textContent()).resolves.toBe('1');
  });
});
