import { describe, expect, it } from 'vitest';
import { freshAppPerTest, signIn, switchMessaging } from './helpers.js';

/**
 * The host's CSRF check and messaging forms with files: a multipart body is read by the package
 * only, so the host lets a same-origin one through on Fetch Metadata and refuses every other.
 */
describe('multipart posts to the messaging router and the host CSRF check', () => {
  const current = freshAppPerTest();

  it('refuses a cross-site or header-less multipart post before the package sees it, and lets a same-origin one through', async () => {
    await switchMessaging(current.example, true);
    const alice = await signIn(current.example, 'alice');
    const post = (site: string | undefined) => {
      const req = alice.post('/messages/').field('body', 'Hello').attach('files', Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf');
      return site ? req.set('Sec-Fetch-Site', site) : req;
    };
    for (const site of ['cross-site', 'same-site', undefined]) {
      const res = await post(site);
      expect(res.status, String(site)).toBe(403);
      expect(res.text).toContain('This form has expired or came from another site');
    }
    // Same origin: past the host's check; whatever the package answers, it is not the host's refusal.
    const res = await post('same-origin');
    expect(res.text).not.toContain('This form has expired or came from another site');
  });

  it('still refuses an urlencoded post without the token, same-origin or not', async () => {
    await switchMessaging(current.example, true);
    const alice = await signIn(current.example, 'alice');
    const res = await alice.post('/messages/').type('form').set('Sec-Fetch-Site', 'same-origin').send({ body: 'Hello' });
    expect(res.status).toBe(403);
  });
});
