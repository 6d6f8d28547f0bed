import type { RequestHandler } from 'express';
import type { HttpContext } from '../http-context.js';
import { bridgeEventsToBus, createEventBus } from '../../services/live/event-bridge.js';
import type { EventBus } from '../../services/live/event-bus.js';
import { createEventStreams, type EventStreamDependencies, type EventStreams } from './event-stream.js';
import type { StreamBufferStats } from './live-stream.js';

/** The live updates of one messaging instance: its bus, the bridge onto it, and the streams. */
export interface LiveUpdates {
  /** `GET /api/events`; mount behind the switch guard. */
  readonly handler: RequestHandler;
  readonly bus: EventBus;
  /** Streams open in this process now (a gauge for metrics). */
  openStreamCount(): number;
  /** How the streams used their buffers: the peak, and how many were closed as slow readers. */
  bufferStats(): StreamBufferStats;
  /** A page's `Last-Event-ID` for its stream: see {@link EventStreams.resumeFrom}. */
  resumeFrom(viewerId: string, latestMessageId: string): Promise<string>;
  /** Ends the open streams, waits for publishes under way and stops the bus. */
  close(): Promise<void>;
}

/**
 * Builds the live updates of an instance. Nothing connects here: the Postgres bus opens its
 * listening connection when the first stream subscribes.
 */
export function createLiveUpdates(ctx: HttpContext, deps: Pick<EventStreamDependencies, 'isEnabled' | 'isEnabledNow' | 'getUnreadTotal' | 'eventIdKey'>): LiveUpdates {
  const bus = createEventBus(ctx);
  const stopBridge = bridgeEventsToBus(ctx, bus);
  const streams = createEventStreams({ ctx, bus, ...deps });
  let closing: Promise<void> | undefined;

  const live: LiveUpdates = {
    handler: streams.handler,
    bus,
    openStreamCount: streams.openStreamCount,
    bufferStats: streams.bufferStats,
    resumeFrom: streams.resumeFrom,
    close() {
      closing ??= (async () => {
        streams.closeAll();
        await stopBridge();
        await bus.close();
      })();
      return closing;
    },
  };
  return live;
}
