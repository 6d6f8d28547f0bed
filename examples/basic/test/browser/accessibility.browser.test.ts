import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, type InPage } from './harness.js';

/** One line per violation and element, so that a failure says what to fix where. */
async function problemsOn(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.flatMap((v) => v.nodes.map((n) => `${new URL(page.url()).pathname}: [${v.impact}] ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}

// Issue 7: axe-core on every page a member or the admin uses, with messaging on.
describe.skipIf(!hasChromium)('accessibility (axe-core) in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  it('finds no violation on the inbox, thread, compose, profile, members, sign-in and admin settings pages', async () => {
    await suite.enableMessaging();
    const found: string[] = [];

    const visitor = await (await suite.newContext()).newPage();
    await visitor.goto('/login');
    found.push(...(await problemsOn(visitor)));

    const alice = await suite.signedIn('alice');
    await alice.goto('/users/bob');
    await alice.locator('[data-messaging-button]').waitFor();
    found.push(...(await problemsOn(alice)));

    await alice.locator('[data-messaging-button]').click();
    await alice.waitForURL('**/messages/new?to=*');
    found.push(...(await problemsOn(alice)));

    // The compose form shown again with an error next to the field.
    suite.allowResponse('400 POST /messages/');
    await Promise.all([alice.waitForURL('**/messages/'), alice.getByRole('button', { name: 'Send' }).click()]);
    await alice.locator('#messaging-body-error').waitFor();
    found.push(...(await problemsOn(alice)));

    await alice.getByLabel('Message', { exact: true }).fill('Is the axe happy?');
    await Promise.all([alice.waitForURL('**/messages/threads/*'), alice.getByRole('button', { name: 'Send' }).click()]);
    const threadPath = new URL(alice.url()).pathname;

    // bob: an unread badge in the nav and an unread thread in the inbox, then the thread.
    const bob = await suite.signedIn('bob');
    await bob.goto('/users');
    await bob.locator('[data-messaging-badge]').waitFor();
    found.push(...(await problemsOn(bob)));
    await bob.goto('/messages');
    await bob.locator('.m-unread').waitFor();
    found.push(...(await problemsOn(bob)));
    await bob.goto(threadPath);
    found.push(...(await problemsOn(bob)));

    const admin = await suite.signedIn('admin');
    await admin.goto('/admin/settings');
    await admin.locator('[data-messaging-admin-toggle]').waitFor();
    found.push(...(await problemsOn(admin)));

    expect(found).toEqual([]);

    // The check can fail: a button without a name, added to the page, is found.
    await admin.evaluate(() => {
      const { document } = globalThis as unknown as InPage;
      document.querySelector('main').append(document.createElement('button'));
    });
    expect((await axeViolations(admin)).map((v) => v.id)).toContain('button-name');
  });
});
