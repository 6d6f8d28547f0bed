import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot, type InPage } from './harness.js';

/**
 * Makes a page report itself hidden (a background tab) until `window.__show()`: the live
 * script marks what it shows read only while its page is visible, and each page Playwright
 * opens is a window of its own, so none would be in the background.
 */
async function startHidden(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const win = globalThis as unknown as InPage;
    let state = 'hidden';
    Object.defineProperty(win.Document.prototype, 'visibilityState', { configurable: true, get: () => state });
    Object.defineProperty(win.Document.prototype, 'hidden', { configurable: true, get: () => state === 'hidden' });
    win.__show = () => {
      state = 'visible';
      win.document.dispatchEvent(new win.Event('visibilitychange'));
    };
  });
}

/** Marks the current document; still marked later means it was never reloaded. */
const markDocument = (page: Page) => page.evaluate(() => ((globalThis as unknown as InPage).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (globalThis as unknown as InPage).__sameDocument === true);

// Issue 5: two signed-in members; bob sees alice's message and his badge change without a reload.
describe.skipIf(!hasChromium)('live updates in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it("bob's open thread shows alice's new message and his nav badge counts it, without a reload", async () => {
    await suite.enableMessaging();
    const { messaging } = suite.example;

    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/new?to=${suite.idOf('bob')}`);
    await alice.getByLabel('Message', { exact: true }).fill('Are you around?');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    const threadPath = new URL(alice.url()).pathname;

    // bob: the thread open in a background tab, and the members page in front.
    const bobThread = await suite.signedIn('bob');
    await startHidden(bobThread);
    await bobThread.goto(threadPath);
    const bobOther = await bobThread.context().newPage();
    await bobOther.goto('/users');
    await expect(bobOther.locator('[data-messaging-nav]').isVisible()).resolves.toBe(true);
    expect(await bobOther.locator('[data-messaging-badge]').count()).toBe(0);
    // Both of bob's tabs and alice's thread page listen; wait until the server holds all three streams.
    await expect.poll(() => messaging.openStreams()).toBe(3);
    await markDocument(bobThread);
    await markDocument(bobOther);

    await alice.getByLabel('Your message').pressSequentially('Coffee at 3?');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    const messageId = new URL(alice.url()).hash.slice(1);

    const arrived = bobThread.locator(`[id="${messageId}"]`);
    await arrived.waitFor();
    await expect(arrived.locator('.m-body').textContent()).resolves.toBe('Coffee at 3?');
    // The same Report link as a message rendered by the server.
    const reportHref = await arrived.getByRole('link', { name: 'Report' }).getAttribute('href');
    expect(reportHref).toBe(`/messages/messages/${messageId.slice(2)}/report`);
    expect(await bobThread.locator('.m-message .m-body').allTextContents()).toEqual(['Are you around?', 'Coffee at 3?']);
    await bobOther.locator('[data-messaging-badge]').filter({ hasText: '1' }).waitFor();
    await bobThread.locator('[data-messaging-badge]').filter({ hasText: '1' }).waitFor();
    expect(await sameDocument(bobThread)).toBe(true);
    expect(await sameDocument(bobOther)).toBe(true);
    await screenshot(bobThread, 'live-thread-bob.png');
    await screenshot(bobOther, 'live-badge.png');

    // bob switches to the thread's tab: it marks the message read, and both badges go.
    await bobThread.evaluate(() => (globalThis as unknown as InPage).__show());
    await bobOther.locator('[data-messaging-badge]').waitFor({ state: 'detached' });
    await bobThread.locator('[data-messaging-badge]').waitFor({ state: 'detached' });
    await expect(messaging.conversations.getUnread(String(suite.idOf('bob')))).resolves.toMatchObject({ unreadTotal: 0 });
    expect(await sameDocument(bobOther)).toBe(true);
  });

  it('a message sent while the thread page loads (before its script opens the stream) still appears', async () => {
    await suite.enableMessaging();
    const { messaging } = suite.example;
    const [alice, bob] = [String(suite.idOf('alice')), String(suite.idOf('bob'))];
    const { thread } = await messaging.conversations.startConversation({ senderId: alice, recipientIds: [bob], body: 'Are you around?' });

    const bobPage = await suite.signedIn('bob');
    let sent: { id: string } | undefined;
    // The page has been rendered; its script waits until alice's reply is stored and announced.
    await bobPage.route('**/messages/assets/messaging.js*', async (route) => {
      sent ??= await messaging.conversations.sendMessage({ senderId: alice, threadId: thread.id, body: 'Sent while your page loaded' });
      await route.continue();
    });
    await bobPage.goto(`/messages/threads/${encodeURIComponent(thread.id)}`);
    await markDocument(bobPage);
    await bobPage.locator('.m-message').nth(1).waitFor();
    expect(sent).toBeDefined();
    expect(await bobPage.locator('.m-message .m-body').allTextContents()).toEqual(['Are you around?', 'Sent while your page loaded']);
    expect(await bobPage.locator(`[id="m-${sent!.id}"]`).count()).toBe(1);
    expect(await sameDocument(bobPage)).toBe(true);
  });
});
