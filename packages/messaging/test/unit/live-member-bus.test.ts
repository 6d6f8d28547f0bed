import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { type BusEvent, MemberListeners } from '../../src/services/live/event-bus.js';
import { createInProcessEventBus } from '../../src/services/live/in-process-event-bus.js';
import { decodeBusPayload, encodeBusEvents } from '../../src/services/live/postgres-event-bus.js';

/** The streams' listeners are indexed by member: an event costs its recipients, not every open stream. */
describe('member-indexed live-update bus', () => {
  it("hands a stream only its member's messages and unread totals, and everyone the events for everyone", async () => {
    const bus = createInProcessEventBus(silentLogger);
    const got: Record<string, string[]> = { '1': [], '2': [], '3': [] };
    for (const member of ['1', '2', '3']) bus.subscribe(member, (e) => got[member]!.push(e.type === 'message' ? `message ${e.messageId}` : e.type));
    await bus.publish({ type: 'message', threadId: 't', messageId: '10', recipientIds: ['1', '2'] });
    await bus.publish({ type: 'unread', userId: '2' });
    await bus.publish({ type: 'toggle', enabled: false });
    expect(got).toEqual({ '1': ['message 10', 'toggle'], '2': ['message 10', 'unread', 'toggle'], '3': ['toggle'] });
    await bus.close();
  });

  it("calls no listener of the thousands of other members' streams", async () => {
    const bus = createInProcessEventBus(silentLogger);
    let calls = 0;
    for (let i = 0; i < 5_000; i++) bus.subscribe(`other-${i}`, () => calls++);
    const mine: BusEvent[] = [];
    bus.subscribe('me', (e) => mine.push(e));
    await bus.publish({ type: 'message', threadId: 't', messageId: '1', recipientIds: ['me', 'nobody-listening'] });
    await bus.publish({ type: 'unread', userId: 'me' });
    expect(calls).toBe(0);
    expect(mine.map((e) => e.type)).toEqual(['message', 'unread']);
    await bus.close();
  });

  it('cleans the index on unsubscribe: no member left behind after many connects and disconnects', () => {
    const listeners = new MemberListeners(() => {});
    const offs: Array<() => void> = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 500; i++) offs.push(listeners.add(`m${(round * 500 + i) % 3_000}`, () => {}));
      expect(listeners.size).toBe(500);
      while (offs.length > 0) offs.pop()!();
    }
    expect(listeners.size).toBe(0);
    expect(listeners.memberCount).toBe(0);

    // A member with two streams keeps the one left; unsubscribing twice changes nothing.
    const heard: string[] = [];
    const offA = listeners.add('7', () => heard.push('a'));
    listeners.add('7', () => heard.push('b'));
    offA();
    offA();
    expect([listeners.size, listeners.memberCount]).toEqual([1, 1]);
    listeners.deliver({ type: 'unread', userId: '7' });
    expect(heard).toEqual(['b']);
  });

  it('keeps delivering when a listener throws, and lets a listener unsubscribe while it is called', () => {
    const errors: unknown[] = [];
    const listeners = new MemberListeners((err) => errors.push(err));
    const heard: string[] = [];
    listeners.add('1', () => {
      throw new Error('boom');
    });
    const off = listeners.add('1', () => {
      heard.push('self-removing');
      off();
    });
    listeners.add('1', () => heard.push('last'));
    listeners.add('2', () => heard.push('other member, everyone event'));
    listeners.deliver({ type: 'unread', userId: '1' });
    listeners.deliver({ type: 'bulk' });
    expect(errors).toHaveLength(2);
    expect(heard).toEqual(['self-removing', 'last', 'last', 'other member, everyone event']);
  });
});

describe('coalesced NOTIFY payloads', () => {
  const groupSend = (members: number): BusEvent[] => {
    const ids = Array.from({ length: members }, (_, i) => String(i + 1));
    return [{ type: 'message', threadId: 'thread-1', messageId: '99', recipientIds: ids }, ...ids.slice(1).map((userId) => ({ type: 'unread' as const, userId }))];
  };

  it("carries a 21-member group's message and every unread change in one payload, in order", () => {
    const events = groupSend(21) as Exclude<BusEvent, { type: 'resync' }>[];
    const payloads = encodeBusEvents(events);
    expect(payloads).toHaveLength(1);
    expect(decodeBusPayload(payloads[0]!)).toEqual(events);
  });

  it('splits what exceeds the 8000-byte NOTIFY limit over several payloads, losing nothing', () => {
    const events = groupSend(501).map((e) => (e.type === 'unread' ? { ...e, userId: `member-${'x'.repeat(30)}-${e.userId}` } : e)) as Exclude<BusEvent, { type: 'resync' }>[];
    const payloads = encodeBusEvents(events);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    const decoded = payloads.flatMap(decodeBusPayload);
    expect(decoded.filter((e) => e.type === 'unread')).toEqual(events.filter((e) => e.type === 'unread'));
    expect(decoded.flatMap((e) => (e.type === 'message' ? e.recipientIds : []))).toEqual((events[0] as { recipientIds: string[] }).recipientIds);
  });

  it('reads a single event (as servers before the arrays send it) and leaves out what is not ours', () => {
    expect(decodeBusPayload('{"type":"unread","userId":"7"}')).toEqual([{ type: 'unread', userId: '7' }]);
    expect(decodeBusPayload('[{"type":"unread","userId":"7"},{"type":"resync"},"x",{"type":"bulk"}]')).toEqual([{ type: 'unread', userId: '7' }, { type: 'bulk' }]);
    expect(decodeBusPayload('not json')).toEqual([]);
  });
});
