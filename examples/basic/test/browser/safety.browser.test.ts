import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, BROWSER_TEST_TIMEOUT, hasChromium, screenshot } from './harness.js';

/** Member safety as members and the admin meet it in the example app, with JavaScript on and off. */
describe.skipIf(!hasChromium)('member safety in chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`bob blocks carol: her Message button disappears and her reply is refused with a clear message (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      await suite.enableMessaging();
      const ids = { bob: String(suite.idOf('bob')), carol: String(suite.idOf('carol')) };
      const { thread } = await suite.example.messaging.conversations.startConversation({ senderId: ids.carol, recipientIds: [ids.bob], body: 'Hi Bob!' });
      const bob = await suite.signedIn('bob', { javaScriptEnabled });
      const carol = await suite.signedIn('carol', { javaScriptEnabled });
      await carol.goto('/users/bob');
      await expect(carol.locator('[data-messaging-button]').count()).resolves.toBe(1);

      await bob.goto('/users/carol');
      await Promise.all([bob.waitForURL('**/messages/blocks/new?userId=*'), bob.locator('[data-messaging-block-button]').click()]);
      if (javaScriptEnabled) await screenshot(bob, 'block-confirm.png');
      await Promise.all([bob.waitForURL('**done=blocked'), bob.getByRole('button', { name: 'Block Carol Cooper' }).click()]);
      await expect(bob.getByRole('status').textContent()).resolves.toContain('You blocked Carol Cooper.');

      await carol.goto('/users/bob');
      await expect(carol.locator('[data-messaging-button]').count()).resolves.toBe(0);
      suite.allowResponse(`403 POST /messages/threads/${thread.id}`);
      await carol.goto(`/messages/threads/${thread.id}`);
      await carol.getByLabel('Your message').fill('Why not?');
      await Promise.all([carol.waitForLoadState(), carol.getByRole('button', { name: 'Send' }).click()]);
      await expect(carol.getByRole('alert').textContent()).resolves.toContain('You cannot message this member.');
      await expect(carol.getByLabel('Your message').inputValue()).resolves.toBe('Why not?');
      if (javaScriptEnabled) await screenshot(carol, 'blocked-reply.png');
    });
  }

  it('alice reports a message and the admin removes it from the review page', async () => {
    await suite.enableMessaging();
    const ids = { alice: String(suite.idOf('alice')), dave: String(suite.idOf('dave')) };
    const messaging = suite.example.messaging;
    const { thread } = await messaging.conversations.startConversation({ senderId: ids.dave, recipientIds: [ids.alice], body: 'Hello Alice' });
    const bad = await messaging.conversations.sendMessage({ senderId: ids.dave, threadId: thread.id, body: 'Buy cheap watches now!!!' });

    const alice = await suite.signedIn('alice');
    await alice.goto(`/messages/threads/${thread.id}`);
    await Promise.all([alice.waitForURL('**/report'), alice.locator(`[id="m-${bad.id}"] [data-messaging-report-link]`).click()]);
    await alice.getByLabel('Spam or scam').check();
    await alice.getByLabel('Anything a moderator should know (optional)').fill('Sent to everyone in the club.');
    await screenshot(alice, 'report-form.png');
    expect(await axeViolations(alice)).toEqual([]);
    await Promise.all([alice.waitForURL('**?sent=1'), alice.getByRole('button', { name: 'Send report' }).click()]);
    await expect(alice.getByRole('status').textContent()).resolves.toContain('Your report was sent.');

    const admin = await suite.signedIn('admin');
    await admin.goto('/admin/settings');
    await Promise.all([admin.waitForURL('**/admin/messaging/reports'), admin.getByRole('link', { name: 'Reported messages' }).click()]);
    await expect(admin.locator('.m-report').count()).resolves.toBe(1);
    await expect(admin.locator('.m-report').textContent()).resolves.toContain('Buy cheap watches now!!!');
    await screenshot(admin, 'moderation-review.png');
    expect(await axeViolations(admin)).toEqual([]);
    // Removing cannot be undone: a confirmation page first, with a way back.
    await Promise.all([admin.waitForURL('**/confirm?action=delete_message'), admin.getByRole('link', { name: 'Remove the message…' }).click()]);
    await expect(admin.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Remove this message?');
    await screenshot(admin, 'moderation-confirm.png');
    expect(await axeViolations(admin)).toEqual([]);
    await Promise.all([admin.waitForURL('**done=delete_message'), admin.getByRole('button', { name: 'Remove the message' }).click()]);
    await expect(admin.locator('[data-messaging-no-reports]').count()).resolves.toBe(1);

    await alice.goto(`/messages/threads/${thread.id}`);
    await expect(alice.locator(`[id="m-${bad.id}"]`).textContent()).resolves.toContain('Message removed by a moderator');
    await expect(alice.content()).resolves.not.toContain('cheap watches');
    await screenshot(alice, 'message-removed.png');
    // The member's own settings pages pass axe too.
    for (const path of ['/messages/preferences', '/messages/archived', `/messages/blocks/new?userId=${ids.dave}`, '/admin/settings']) {
      await (path === '/admin/settings' ? admin : alice).goto(path);
      expect(await axeViolations(path === '/admin/settings' ? admin : alice), path).toEqual([]);
    }
  });
});
