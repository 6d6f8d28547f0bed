import type { MessagingLogger } from '../options.js';
import { type EventBus, ListenerSet } from './event-bus.js';

/**
 * The bus of a single process (SQLite, or a host's own Kysely where the package cannot open
 * a listening connection): events go straight to this instance's subscribers. Delivery is
 * deferred to a microtask so that a publisher never runs stream code inside its own call.
 */
export function createInProcessEventBus(logger: MessagingLogger): EventBus {
  const onError = (err: unknown) => logger.error({ err: String(err) }, 'messaging: a live-update listener failed');
  const listeners = new ListenerSet(onError);
  const watchers = new ListenerSet(onError);
  let closed = false;

  return {
    async publish(event) {
      if (closed) return;
      await Promise.resolve();
      if (closed) return;
      listeners.deliver(event);
      watchers.deliver(event);
    },
    subscribe: (listener) => listeners.add(listener),
    watch: (listener) => watchers.add(listener),
    listenerCount: () => listeners.size,
    isListening: () => !closed,
    async close() {
      closed = true;
      listeners.clear();
      watchers.clear();
    },
  };
}
