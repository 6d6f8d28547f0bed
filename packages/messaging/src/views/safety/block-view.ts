import type { Participant } from '../../services/conversations/types.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';
import { safeUrl } from '../text/format.js';
import { bdi } from '../text/isolate.js';

/**
 * The block / unblock page a profile's or a thread's "Block" link opens: says what blocking
 * does, then one button. After a change it says what happened; after an unblock, no button.
 */
export function blockPageHtml(kit: ViewKit, input: { base: string; csrfToken: string; member: Participant; blocked: boolean; done: 'blocked' | 'unblocked' | null }): SafeHtml {
  const { member, base } = input;
  return new SafeHtml(
    kit.renderer.render('safety/block', {
      i18n: kit.i18n,
      nameHtml: bdi(member.displayName),
      memberId: member.id,
      blocked: input.blocked,
      done: input.done,
      csrfToken: input.csrfToken,
      blockAction: `${base}/blocks`,
      unblockAction: `${base}/blocks/${encodeURIComponent(member.id)}/delete`,
      profileHref: safeUrl(member.profileUrl),
      preferencesHref: `${base}/preferences`,
      inboxHref: `${base}/`,
    }),
  );
}
