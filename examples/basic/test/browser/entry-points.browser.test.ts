import { describe, expect, it } from 'vitest';
import { browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot, signInThroughForm } from './harness.js';

// Issue 3 in a real browser: the admin switch, the nav link, the Message button.
describe.skipIf(!hasChromium)('entry points in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it("the admin switches messaging on; alice sees the Message button on bob's profile, not on her own", async () => {
    const admin = await (await suite.newContext()).newPage();
    await signInThroughForm(admin, 'admin');
    await expect(admin.locator('[data-messaging-nav]').count()).resolves.toBe(0);

    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.waitForURL('**/admin/settings');
    const toggle = admin.locator('[data-messaging-admin-toggle]');
    await expect(toggle.locator('[data-messaging-state]').textContent()).resolves.toBe('off');
    await Promise.all([admin.waitForURL('**/admin/settings'), toggle.getByRole('button', { name: 'Turn direct messaging on' }).click()]);
    await toggle.locator('[data-messaging-state="on"]').waitFor();
    const nav = admin.locator('[data-messaging-nav]');
    await nav.waitFor();
    expect(await nav.getAttribute('href')).toBe('/messages');
    expect(await nav.isVisible()).toBe(true);
    await screenshot(admin, 'admin-settings.png');

    const alice = await suite.signedIn('alice');
    await alice.goto('/users/bob');
    const button = alice.locator('[data-messaging-button]');
    await button.waitFor();
    expect(await button.isVisible()).toBe(true);
    expect(await button.getAttribute('href')).toBe(`/messages/new?to=${suite.idOf('bob')}`);
    expect(await alice.locator('[data-messaging-nav]').isVisible()).toBe(true);
    await screenshot(alice, 'profile-with-message-button.png');

    await alice.goto('/users/alice');
    await alice.getByRole('heading', { name: 'Alice' }).waitFor();
    expect(await alice.locator('[data-messaging-button]').count()).toBe(0);
  });
});
