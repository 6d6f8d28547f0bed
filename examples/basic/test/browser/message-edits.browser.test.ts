import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, type InPage } from './harness.js';

// Issue 16: alice edits, then deletes, her message through the page forms; bob's open thread
// shows "edited", then "Message deleted", without a reload.
describe.skipIf(!hasChromium)('editing and deleting a message in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it("alice's edit and deletion reach bob's open thread live", async () => {
    await suite.enableMessaging();
    const { messaging } = suite.example;

    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/new?to=${suite.idOf('bob')}`);
    await alice.getByLabel('Message', { exact: true }).fill('Lunch at 12?');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    const threadPath = new URL(alice.url()).pathname;

    const bob = await suite.signedIn('bob');
    await bob.goto(threadPath);
    await expect.poll(() => messaging.openStreams()).toBe(2);
    await bob.evaluate(() => ((globalThis as unknown as InPage).__sameDocument = true));
    const bobsCopy = bob.locator('.m-message').first();
    expect(await bobsCopy.getByRole('link', { name: 'Edit' }).count()).toBe(0);

    // alice: Edit under her message, the form, Save: back at the message.
    await Promise.all([alice.waitForURL('**/messages/messages/*/edit'), alice.getByRole('link', { name: 'Edit' }).click()]);
    await alice.getByLabel('Your message').fill('Lunch at 12:30?');
    await Promise.all([alice.waitForURL(/\/threads\/[^/]+#m-\d+$/), alice.getByRole('button', { name: 'Save' }).click()]);
    await expect(alice.locator('[data-messaging-edited]').count()).resolves.toBe(1);

    await bobsCopy.locator('[data-messaging-edited]').waitFor();
    await expect(bobsCopy.locator('.m-body').textContent()).resolves.toBe('Lunch at 12:30?');

    // alice: Delete, the confirmation, Delete message.
    await Promise.all([alice.waitForURL('**/messages/messages/*/delete'), alice.getByRole('link', { name: 'Delete' }).click()]);
    await Promise.all([alice.waitForURL(/\/threads\/[^/]+#m-\d+$/), alice.getByRole('button', { name: 'Delete message' }).click()]);
    await expect(alice.locator('[data-messaging-deleted]').count()).resolves.toBe(1);

    await bobsCopy.locator('[data-messaging-deleted]').waitFor();
    await expect(bobsCopy.locator('.m-body').textContent()).resolves.toBe('Message deleted');
    expect(await bobsCopy.getByRole('link', { name: 'Report' }).count()).toBe(0);
    expect(await bobsCopy.locator('[data-messaging-edited]').count()).toBe(0);
    expect(await bob.evaluate(() => (globalThis as unknown as InPage).__sameDocument === true)).toBe(true);
  });
});
