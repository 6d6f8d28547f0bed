import type { WhoCanMessage } from '../../db/schema.js';
import type { NotificationMode } from '../../notification-types.js';
import type { Participant } from '../../services/conversations/types.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';
import { bdi } from '../text/isolate.js';

/**
 * The member's messaging settings: who may start a conversation with them, how they hear
 * about unread messages (when `notifications` is given), and the members they blocked.
 * `whoError` / `notificationsError`: the form came back with that choice missing or unknown.
 */
export function preferencesHtml(
  kit: ViewKit,
  input: {
    base: string;
    csrfToken: string;
    whoCanMessage: WhoCanMessage;
    notifications?: NotificationMode;
    blocked: Participant[];
    saved: boolean;
    whoError?: boolean;
    notificationsError?: boolean;
  },
): SafeHtml {
  const { base } = input;
  return new SafeHtml(
    kit.renderer.render('safety/preferences', {
      i18n: kit.i18n,
      action: `${base}/preferences`,
      inboxHref: `${base}/`,
      archivedHref: `${base}/archived`,
      csrfToken: input.csrfToken,
      whoCanMessage: input.whoCanMessage,
      notifications: input.notifications ?? null,
      blocked: input.blocked.map((p) => ({ id: p.id, nameHtml: bdi(p.displayName), unblockAction: `${base}/blocks/${encodeURIComponent(p.id)}/delete` })),
      saved: input.saved,
      whoError: input.whoError === true,
      notifyError: input.notificationsError === true,
    }),
  );
}
