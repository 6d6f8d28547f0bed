import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot, type InPage } from './harness.js';

// Issue 15: a screen reader hears new messages through one polite live region; focus never moves.
describe.skipIf(!hasChromium)('live announcements in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it('a message arriving on an open thread is announced politely, and the reply being typed keeps its focus and text', async () => {
    await suite.enableMessaging();
    const { messaging } = suite.example;

    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/new?to=${suite.idOf('bob')}`);
    await alice.getByLabel('Message', { exact: true }).fill('Are you around?');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    const threadPath = new URL(alice.url()).pathname;

    // bob: the thread open and a reply half typed; the members page in another tab.
    const bob = await suite.signedIn('bob');
    await bob.goto(threadPath);
    const reply = bob.getByLabel('Your message');
    await reply.click();
    await reply.pressSequentially('I am, just a');
    const bobOther = await bob.context().newPage();
    await bobOther.goto('/users');
    // bob's tab read the first message: no badge on either.
    await expect.poll(() => bobOther.locator('[data-messaging-badge]').count()).toBe(0);
    await expect.poll(() => messaging.openStreams()).toBe(3);

    await alice.getByLabel('Your message').pressSequentially('Coffee at 3?');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    const messageId = new URL(alice.url()).hash.slice(1);
    const arrived = bob.locator(`[id="${messageId}"]`);
    await arrived.waitFor();
    // The message added live shows the sender's avatar as the server renders it.
    const avatar = arrived.locator('img.m-avatar');
    await expect(avatar.getAttribute('src')).resolves.toBe('/static/avatars/alice.svg');
    await expect(avatar.getAttribute('alt')).resolves.toBe('');
    await expect(avatar.getAttribute('referrerpolicy')).resolves.toBe('no-referrer');
    await expect.poll(() => avatar.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    // One region, polite, and it says who wrote.
    const region = bob.locator('[data-messaging-announcer]');
    await expect.poll(() => region.textContent()).toBe('New message from Alice Archer');
    expect(await bob.locator('[role="status"], [aria-live]').count()).toBe(1);
    expect(await region.getAttribute('role')).toBe('status');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    // Focus stayed in the reply, with what bob typed.
    expect(await bob.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.id)).toBe('messaging-body');
    await expect(reply.inputValue()).resolves.toBe('I am, just a');
    await screenshot(bob, 'live-announcement-thread.png');
    await reply.pressSequentially(' minute');
    await expect(reply.inputValue()).resolves.toBe('I am, just a minute');

    // The badge on bob's other tab rose: that page says how many, politely, without focus moving.
    const focusedBefore = await bobOther.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.tagName);
    await alice.getByLabel('Your message').pressSequentially('Or 4?');
    await Promise.all([alice.waitForURL(/#m-\d+$/), alice.getByRole('button', { name: 'Send' }).click()]);
    // The open thread tab marks what arrives read (it is visible); the count rises while it is unread.
    await expect.poll(() => bobOther.locator('[data-messaging-announcer]').textContent()).toMatch(/^\d+ unread messages?$/);
    expect(await bobOther.locator('[role="status"], [aria-live]').count()).toBe(1);
    expect(await bobOther.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.tagName)).toBe(focusedBefore);
  });
});

describe.skipIf(!hasChromium)('avatars in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it("the inbox and the thread show the demo users' avatars beside their names, loaded under the example's CSP", async () => {
    await suite.enableMessaging();
    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/new?to=${suite.idOf('bob')}`);
    await alice.getByLabel('Message', { exact: true }).fill('Hello Bob');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    const bob = await suite.signedIn('bob');
    await bob.goto('/messages/');
    const rowAvatar = bob.locator('.m-thread img.m-avatar');
    await expect(rowAvatar.getAttribute('src')).resolves.toBe('/static/avatars/alice.svg');
    await expect.poll(() => rowAvatar.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await screenshot(bob, 'avatars-inbox.png');
  });
});
