import type { MessagingLogger } from '../../options.js';
import { type EventBus, MemberListeners } from './event-bus.js';

/**
 * The bus of a single process (SQLite, or a host's own Kysely where the package cannot open
 * a listening connection): events go straight to this instance's subscribers. Delivery is
 * deferred to a microtask so that a publisher never runs stream code inside its own call.
 */
export function createInProcessEventBus(logger: MessagingLogger): EventBus {
  const listeners = new MemberListeners((err) => logger.error({ err: String(err) }, 'messaging: a live-update listener failed'));
  let closed = false;

  return {
    async publish(event) {
      if (closed) return;
      await Promise.resolve();
      if (!closed) listeners.deliver(event);
    },
    subscribe: (memberId, listener) => listeners.add(memberId, listener),
    // One process: there is no other whose changes a cache could miss.
    watch: () => () => {},
    listenerCount: () => listeners.size,
    isListening: () => !closed,
    whenListening: async () => !closed,
    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
