import { describe, expect, it } from 'vitest';
import { membersOf, parseBusEvent } from '../../src/services/live/event-bus.js';
import { encodeBusEvent } from '../../src/services/live/postgres-event-bus.js';

/** The bus event of an edit or a deletion: ids only, checked when read back from NOTIFY, split like a message's. */
describe('the message-change bus event', () => {
  const event = { type: 'message-change' as const, change: 'edited' as const, threadId: 'T1', messageId: '42', recipientIds: ['1', '2'] };

  it('survives the round trip through a NOTIFY payload, and concerns its recipients only', () => {
    expect(encodeBusEvent(event).map((p) => parseBusEvent(JSON.parse(p)))).toEqual([event]);
    expect(parseBusEvent({ ...event, change: 'deleted' })).toEqual({ ...event, change: 'deleted' });
    expect(membersOf(event)).toEqual(['1', '2']);
  });

  it('refuses a payload that is not one of ours', () => {
    expect(parseBusEvent({ ...event, change: 'rewritten' })).toBeNull();
    expect(parseBusEvent({ ...event, recipientIds: [1] })).toBeNull();
    expect(parseBusEvent({ ...event, messageId: '' })).toBeNull();
  });

  it('splits a long recipient list over several payloads under the NOTIFY limit', () => {
    const many = { ...event, recipientIds: Array.from({ length: 2000 }, (_, i) => `member-${i}`) };
    const payloads = encodeBusEvent(many);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    expect(payloads.flatMap((p) => (parseBusEvent(JSON.parse(p))?.type === 'message-change' ? (JSON.parse(p).recipientIds as string[]) : []))).toEqual(many.recipientIds);
  });
});
