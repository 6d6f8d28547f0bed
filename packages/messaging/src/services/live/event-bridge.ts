import type { MessagingContext } from '../../context.js';
import { onBulkChange } from './bulk-change.js';
import type { EventBus, PublishableBusEvent } from './event-bus.js';
import { createInProcessEventBus } from './in-process-event-bus.js';
import { channelFor, createPostgresEventBus, openListenConnection } from './postgres-event-bus.js';

/**
 * The instance's bus, chosen by capability: LISTEN/NOTIFY where the database has
 * notifications and the package holds the connection settings; in-process otherwise (SQLite,
 * or a host's own Kysely, where no dedicated connection can be opened: one process only).
 * The listener's first reconnection wait is the `liveUpdates.reconnectDelayMs` option.
 */
export function createEventBus(ctx: MessagingContext): EventBus {
  const { database, logger } = ctx;
  const reconnectDelayMs = ctx.options.liveUpdates?.reconnectDelayMs;
  const postgres = database.postgres;
  if (database.capabilities.notifications && postgres) {
    return createPostgresEventBus({
      db: database.db,
      channel: channelFor(postgres.schema),
      connect: () => openListenConnection(postgres),
      logger,
      ...(reconnectDelayMs !== undefined ? { reconnectDelayMs } : {}),
    });
  }
  if (database.capabilities.notifications) {
    logger.warn(
      { database: database.where },
      "messaging: live updates reach this process only (a host's Kysely gives no connection to LISTEN on); pass database: { postgres } for several app servers",
    );
  }
  return createInProcessEventBus(logger);
}

/**
 * Publishes this process's committed changes on the bus: messages sent, unread totals changed,
 * the admin switch, blocks and bulk jobs. The services emit these events after their transaction commits.
 * Returns the function that stops bridging and waits for publishes under way.
 */
export function bridgeEventsToBus(ctx: MessagingContext, bus: EventBus): () => Promise<void> {
  const pending = new Set<Promise<void>>();
  const publish = (event: PublishableBusEvent) => {
    const sending = bus.publish(event).finally(() => pending.delete(sending));
    pending.add(sending);
  };
  const off = [
    ctx.events.on('message.sent', ({ threadId, messageId, senderId, recipientIds }) =>
      // The sender too: their other tabs and devices show the message as well.
      publish({ type: 'message', threadId, messageId: String(messageId), recipientIds: [...new Set([senderId, ...recipientIds].map(String))] }),
    ),
    ...(['edited', 'deleted'] as const).map((change) =>
      ctx.events.on(`message.${change}`, ({ threadId, messageId, senderId, recipientIds }) =>
        publish({ type: 'message-change', change, threadId, messageId: String(messageId), recipientIds: [...new Set([senderId, ...recipientIds].map(String))] }),
      ),
    ),
    ctx.events.on('thread.members_added', ({ threadId, participantIds }) => publish({ type: 'thread-change', change: 'members_added', threadId, recipientIds: participantIds })),
    ctx.events.on('thread.renamed', ({ threadId, participantIds }) => publish({ type: 'thread-change', change: 'renamed', threadId, recipientIds: participantIds })),
    ctx.events.on('unread.changed', ({ userId }) => publish({ type: 'unread', userId: String(userId) })),
    ctx.events.on('toggle.changed', ({ enabled }) => publish({ type: 'toggle', enabled })),
    // For the other servers' memory of each member's badge and Message buttons.
    ctx.events.on('block.changed', ({ blockerId, blockedId }) => publish({ type: 'blocks', userIds: [blockerId, blockedId] })),
    onBulkChange(ctx.database.db, () => publish({ type: 'bulk' })),
  ];
  return async () => {
    for (const stop of off) stop();
    await Promise.allSettled([...pending]);
  };
}
