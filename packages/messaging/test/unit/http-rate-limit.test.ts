import { describe, expect, it } from 'vitest';
import { isMessagingError } from '../../src/errors.js';
import { createFixedWindowLimiter, withSlots } from '../../src/http/guards/rate-limit.js';

function clockAt(start: number) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('fixed-window rate limiter', () => {
  it('allows `limit` takes per window and key, then refuses with retryAfter in seconds', () => {
    const time = clockAt(Date.UTC(2026, 0, 1));
    const limiter = createFixedWindowLimiter(2, 60_000, time.clock);
    limiter.take('a');
    limiter.take('a');
    limiter.take('b');
    time.advance(15_000);
    const err = refusal(() => limiter.take('a'));
    expect(isMessagingError(err) && err.code).toBe('rate_limited');
    expect((err as { details: { retryAfter: number } }).details.retryAfter).toBe(45);
    time.advance(45_000);
    expect(() => limiter.take('a')).not.toThrow();
  });

  it('gives a slot back on release, once', () => {
    const time = clockAt(0);
    const limiter = createFixedWindowLimiter(1, 1_000, time.clock);
    const slot = limiter.take('a');
    slot.release();
    slot.release();
    limiter.take('a');
    expect(() => limiter.take('a')).toThrow();
  });

  it('withSlots releases when the action fails or when keep() says so', async () => {
    const time = clockAt(0);
    const messages = createFixedWindowLimiter(1, 1_000, time.clock);
    const threads = createFixedWindowLimiter(1, 1_000, time.clock);
    const slots = [
      { limiter: messages, key: 'u' },
      { limiter: threads, key: 'u' },
    ];
    await expect(withSlots(slots, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await withSlots(
      slots,
      async () => ({ created: false }),
      (r) => [true, r.created],
    );
    expect(() => messages.take('u')).toThrow();
    expect(() => threads.take('u')).not.toThrow();
  });

  it('takes nothing from the first limiter when the second refuses', async () => {
    const time = clockAt(0);
    const messages = createFixedWindowLimiter(5, 1_000, time.clock);
    const threads = createFixedWindowLimiter(0, 1_000, time.clock);
    await expect(
      withSlots(
        [
          { limiter: messages, key: 'u' },
          { limiter: threads, key: 'u' },
        ],
        async () => 1,
      ),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    for (let i = 0; i < 5; i++) messages.take('u');
    expect(() => messages.take('u')).toThrow();
  });
});
