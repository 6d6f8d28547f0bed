import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot } from './harness.js';

// Issue 15: starting a conversation asks for people, not ids.
describe.skipIf(!hasChromium)('recipient picker in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it('with JavaScript: suggestions while typing, choose two members, write to the group', async () => {
    await suite.enableMessaging();
    const alice = await suite.signedIn('alice');
    await alice.goto('/messages/new');
    await expect(alice.getByText(/member id/i).count()).resolves.toBe(0);

    const search = alice.getByLabel('Who do you want to write to?');
    await search.pressSequentially('coo');
    // Suggested without pressing Find: the page did not navigate.
    const carol = alice.getByRole('link', { name: 'Write to Carol Cooper' });
    await carol.waitFor();
    expect(new URL(alice.url()).search).toBe('');
    // Said to a screen reader after a moment (the live region is filled 100 ms after it is emptied).
    await expect.poll(() => alice.locator('[data-messaging-announcer]').textContent()).toMatch(/1 member found/);
    await Promise.all([alice.waitForURL('**/messages/new?to=*'), carol.click()]);

    await alice.getByLabel('Add someone else').pressSequentially('dawson');
    const dave = alice.getByRole('link', { name: 'Add Dave Dawson' });
    await dave.waitFor();
    await Promise.all([alice.waitForURL('**/messages/new?to=*&to=*'), dave.click()]);
    await expect(alice.locator('.messaging-compose').textContent()).resolves.toMatch(/To:\s*Carol Cooper and Dave Dawson/);
    expect(await axeViolations(alice)).toEqual([]);
    await screenshot(alice, 'recipient-picker.png');

    await alice.getByLabel('Message', { exact: true }).fill('Hello both');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    await expect(alice.getByText('Hello both').isVisible()).resolves.toBe(true);
  });

  it('without JavaScript: the Find button searches and the result links choose', async () => {
    await suite.enableMessaging();
    const alice = await suite.signedIn('alice', { javaScriptEnabled: false });
    await alice.goto('/messages/new');
    await alice.getByLabel('Who do you want to write to?').fill('bob');
    await Promise.all([alice.waitForURL('**/messages/new?q=bob'), alice.getByRole('button', { name: 'Find' }).click()]);
    await Promise.all([alice.waitForURL('**/messages/new?to=*'), alice.getByRole('link', { name: 'Write to Bob Baker' }).click()]);
    await alice.getByLabel('Message', { exact: true }).fill('Hi Bob, no script here');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    await expect(alice.getByText('Hi Bob, no script here').isVisible()).resolves.toBe(true);
  });
});
