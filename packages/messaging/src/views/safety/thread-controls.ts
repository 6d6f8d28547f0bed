import type { ViewKit } from '../rendering/view-kit.js';
import { SafeHtml } from '../text/escape-html.js';
import { bdi } from '../text/isolate.js';

/** What the thread page's controls need: the viewer's own state of the thread. */
export interface ThreadControlsInput {
  base: string;
  threadId: string;
  csrfToken: string;
  kind: 'direct' | 'group';
  archived: boolean;
  muted: boolean;
  /** In a direct thread: the other member, and whether the viewer has blocked them. */
  other?: { id: string; displayName: string; blocked: boolean } | undefined;
}

/**
 * Archive / mute / leave (groups only) and block (direct threads) for the thread page: plain
 * forms, no script. Blocking goes through a confirmation page.
 */
export function threadControlsHtml(kit: ViewKit, input: ThreadControlsInput): SafeHtml {
  const at = (name: string) => `${input.base}/threads/${encodeURIComponent(input.threadId)}/${name}`;
  const other = input.other;
  return new SafeHtml(
    kit.renderer.render('safety/thread-controls', {
      i18n: kit.i18n,
      csrfToken: input.csrfToken,
      archived: input.archived,
      muted: input.muted,
      actions: { archive: at('archive'), unarchive: at('unarchive'), mute: at('mute'), unmute: at('unmute'), leave: at('leave') },
      canLeave: input.kind === 'group',
      other: other ? { nameHtml: bdi(other.displayName), blocked: other.blocked, blockHref: `${input.base}/blocks/new?userId=${encodeURIComponent(other.id)}` } : null,
    }),
  );
}
