import type { MessagingContext } from '../../context.js';
import type { ThreadSummary } from '../../services/conversations/types.js';
import type { SafeHtml } from '../../views/text/escape-html.js';
import { threadControlsHtml } from '../../views/safety/thread-controls.js';
import { safetyServicesOf } from '../../services/safety/safety-services.js';

/** The thread page's controls for this viewer: their archive/mute state, and in a direct thread whether they blocked the other. */
export async function threadControlsFor(ctx: MessagingContext, input: { viewerId: string; thread: ThreadSummary; base: string; csrfToken: string }): Promise<SafeHtml> {
  const { inboxControls, blocks } = safetyServicesOf(ctx);
  const state = await inboxControls.stateOf(input.viewerId, input.thread.id);
  const other = state.kind === 'direct' ? input.thread.participants.find((p) => p.id !== input.viewerId) : undefined;
  return threadControlsHtml({
    base: input.base,
    threadId: input.thread.id,
    csrfToken: input.csrfToken,
    kind: state.kind,
    archived: state.archived,
    muted: state.muted,
    other: other ? { id: other.id, displayName: other.displayName, blocked: await blocks.hasBlocked(input.viewerId, other.id) } : undefined,
  });
}
