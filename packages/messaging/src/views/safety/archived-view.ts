import type { Page, ThreadSummary } from '../../services/conversations/types.js';
import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';
import { othersOf } from '../text/format.js';
import { namesHtml } from '../text/isolate.js';

/** The Archived view: the viewer's archived threads, latest activity first, each with "Move back to inbox". */
export function archivedHtml(kit: ViewKit, input: { viewerId: string; page: Page<ThreadSummary>; base: string; csrfToken: string; isFirstPage: boolean }): SafeHtml {
  const { base } = input;
  const items = input.page.items.map((t) => {
    const href = `${base}/threads/${encodeURIComponent(t.id)}`;
    const names = namesHtml(othersOf(t, input.viewerId), kit.i18n);
    return {
      id: t.id,
      href,
      namesHtml: names.html ? names : null,
      subject: t.subject,
      preview: t.lastMessage ? t.lastMessage.preview : null,
      lastMessageAt: t.lastMessageAt,
      unarchiveAction: `${href}/unarchive`,
    };
  });
  const olderHref = input.page.nextCursor ? `${base}/archived?cursor=${encodeURIComponent(input.page.nextCursor)}` : null;
  return new SafeHtml(
    kit.renderer.render('safety/archived', { i18n: kit.i18n, inboxHref: `${base}/`, csrfToken: input.csrfToken, items, isFirstPage: input.isFirstPage, olderHref }),
  );
}
