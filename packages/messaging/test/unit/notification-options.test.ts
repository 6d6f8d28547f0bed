import { describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { parseDelay, resolveNotificationOptions } from '../../src/notification-options.js';

const base = { database: { sqlite: ':memory:' }, users: { getUsers: async () => [] }, currentUserId: () => null };
const send = () => {};

function messageOf(notifications: unknown): string {
  try {
    createMessaging({ ...base, notifications } as never);
  } catch (err) {
    expect(err).toBeInstanceOf(TypeError);
    return (err as Error).message;
  }
  throw new Error('expected a throw');
}

describe('the notifications option', () => {
  it('names what is wrong and shows a fix', () => {
    expect(messageOf({ baseUrl: 'https://example.com/messages' })).toMatch(
      /option "notifications\.send" is required: a function that delivers one notification.*\. Example: notifications: \{ send: /,
    );
    expect(messageOf({ send, baseUrl: '/messages' })).toMatch(/option "notifications\.baseUrl" must be the absolute http\(s\) URL .*'https:\/\/example\.com\/messages'/);
    expect(messageOf({ send, baseUrl: 'https://x.test', delay: 'soon' })).toMatch(/option "notifications\.delay" must be a number of ms or text such as '30s', '15m', '1h'/);
    expect(messageOf({ send, baseUrl: 'https://x.test', defaultMode: 'weekly' })).toMatch(/option "notifications\.defaultMode" must be 'conversation', 'digest' or 'off'/);
    expect(messageOf({ send, baseUrl: 'https://x.test', digestHourUtc: 24 })).toMatch(/option "notifications\.digestHourUtc" must be a whole number from 0 to 23, for example 8/);
    expect(messageOf({ send, baseUrl: 'https://x.test', maxAttempts: 0 })).toMatch(/option "notifications\.maxAttempts" must be a whole number from 1/);
    expect(messageOf({ send, baseUrl: 'https://x.test', pollIntervalMs: 10 })).toMatch(/option "notifications\.pollIntervalMs"/);
    expect(messageOf({ send, baseUrl: 'https://x.test', worker: 'no' })).toMatch(/option "notifications\.worker" must be true or false/);
    expect(messageOf({ send, baseUrl: 'https://x.test', delai: '1m' })).toMatch(/unknown option "notifications\.delai"/);
  });

  it('fills in the defaults', async () => {
    const m = createMessaging({ ...base, notifications: { send, baseUrl: 'https://example.com/messages/', worker: false } } as never);
    await m.close();
    expect(resolveNotificationOptions({ send, baseUrl: 'https://example.com/messages/' })).toMatchObject({
      baseUrl: 'https://example.com/messages',
      delayMs: 600_000,
      defaultMode: 'conversation',
      digestHourUtc: 8,
      includeMessageText: false,
      worker: true,
      pollIntervalMs: 5000,
      maxAttempts: 8,
    });
  });

  it('reads delays as ms or text', () => {
    expect([parseDelay(0), parseDelay(1500), parseDelay('2s'), parseDelay('15m'), parseDelay('1h'), parseDelay('250ms')]).toEqual([0, 1500, 2000, 900_000, 3_600_000, 250]);
    expect([parseDelay(-1), parseDelay(1.5), parseDelay('2 days'), parseDelay('')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
