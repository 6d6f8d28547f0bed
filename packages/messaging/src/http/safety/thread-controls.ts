import type { SafetyServices } from '../../services/safety/safety-services.js';
import type { ThreadSummary } from '../../services/conversations/types.js';
import type { ThreadViewerState } from '../../services/conversations/thread-messages.js';
import { english } from '../../views/i18n/localization.js';
import { defaultRenderer, type Renderer } from '../../views/rendering/engine.js';
import type { ViewKit } from '../../views/rendering/view-kit.js';
import type { SafeHtml } from '../../views/text/escape-html.js';
import { threadControlsHtml } from '../../views/safety/thread-controls.js';

/**
 * What the thread page asks for its controls. `kit`: the page's own (`await viewKit(ctx, req)`),
 * so the controls speak the member's language and use the host's templates.
 */
export type ThreadControls = (input: { viewerId: string; thread: ThreadSummary; base: string; csrfToken: string; viewer?: ThreadViewerState; kit?: ViewKit }) => Promise<SafeHtml>;

/**
 * The thread page's controls for this viewer: their archive/mute state, and in a direct thread whether they blocked the other.
 * `renderer`: for a call without a kit (then in English).
 */
export function createThreadControls({ inboxControls, blocks }: Pick<SafetyServices, 'inboxControls' | 'blocks'>, renderer: Renderer = defaultRenderer()): ThreadControls {
  return async (input) => {
    // The thread page read the viewer's state with the thread (`getThread`'s `viewer`): no query then.
    const known = input.viewer && input.thread.kind ? { archived: input.viewer.archived, muted: input.thread.muted === true, kind: input.thread.kind } : undefined;
    const state = known ?? (await inboxControls.stateOf(input.viewerId, input.thread.id));
    const other = state.kind === 'direct' ? input.thread.participants.find((p) => p.id !== input.viewerId) : undefined;
    return threadControlsHtml(input.kit ?? { renderer, i18n: english() }, {
      base: input.base,
      threadId: input.thread.id,
      csrfToken: input.csrfToken,
      kind: state.kind,
      archived: state.archived,
      muted: state.muted,
      other: other
        ? { id: other.id, displayName: other.displayName, blocked: input.viewer ? input.viewer.blockedOther : await blocks.hasBlocked(input.viewerId, other.id) }
        : undefined,
    });
  };
}
