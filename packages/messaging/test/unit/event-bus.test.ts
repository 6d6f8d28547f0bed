import { describe, expect, it } from 'vitest';
import { parseBusEvent } from '../../src/services/live/event-bus.js';
import { createInProcessEventBus } from '../../src/services/live/in-process-event-bus.js';
import { channelFor, encodeBusEvent } from '../../src/services/live/postgres-event-bus.js';
import { silentLogger } from '../../src/logger.js';

describe('event bus payloads', () => {
  it('keeps a NOTIFY payload under 8000 bytes by splitting a long recipient list, losing nobody', () => {
    const recipientIds = Array.from({ length: 400 }, (_, i) => `user-${'x'.repeat(40)}-${i}`);
    const payloads = encodeBusEvent({ type: 'message', threadId: 't1', messageId: '42', recipientIds });
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    const parsed = payloads.map((p) => parseBusEvent(JSON.parse(p)));
    expect(parsed.flatMap((e) => (e?.type === 'message' ? e.recipientIds : []))).toEqual(recipientIds);
    expect(parsed.every((e) => e?.type === 'message' && e.messageId === '42' && e.threadId === 't1')).toBe(true);
  });

  it('carries ids only and refuses payloads that are not ours', () => {
    expect(encodeBusEvent({ type: 'unread', userId: '7' })).toEqual(['{"type":"unread","userId":"7"}']);
    expect(parseBusEvent({ type: 'message', threadId: 't', messageId: 1, recipientIds: [] })).toBeNull();
    expect(parseBusEvent({ type: 'resync' })).toBeNull();
    expect(parseBusEvent('hello')).toBeNull();
    expect(parseBusEvent({ type: 'toggle', enabled: false })).toEqual({ type: 'toggle', enabled: false });
  });

  it('gives each schema its own channel, within the 63-byte identifier limit', () => {
    expect(channelFor()).toBe('messaging_events');
    expect(channelFor('tenant_a')).not.toBe(channelFor('tenant_b'));
    const long = channelFor('s'.repeat(63));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63);
    expect(long).not.toBe(channelFor(`${'s'.repeat(62)}t`));
  });
});

describe('in-process event bus', () => {
  it('delivers to every subscriber once, keeps delivering when one throws, and forgets unsubscribed ones', async () => {
    const bus = createInProcessEventBus(silentLogger);
    const got: string[] = [];
    const offA = bus.subscribe('1', (e) => got.push(`a:${e.type}`));
    bus.subscribe('1', () => {
      throw new Error('boom');
    });
    bus.subscribe('1', (e) => got.push(`c:${e.type}`));
    expect(bus.listenerCount()).toBe(3);
    await bus.publish({ type: 'unread', userId: '1' });
    expect(got).toEqual(['a:unread', 'c:unread']);
    offA();
    offA();
    expect(bus.listenerCount()).toBe(2);
    await bus.close();
    expect(bus.listenerCount()).toBe(0);
    await bus.publish({ type: 'unread', userId: '1' });
    expect(got).toEqual(['a:unread', 'c:unread']);
  });
});
