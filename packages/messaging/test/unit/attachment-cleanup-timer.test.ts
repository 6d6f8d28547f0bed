import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveAttachmentOptions } from '../../src/attachment-options.js';
import { createMessaging } from '../../src/create-messaging.js';
import { FIRST_CLEANUP_DELAY_MS, startCleanupTimer } from '../../src/services/attachments/cleanup-timer.js';

const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

describe('the orphan cleanup timer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a little after start, then every interval, and logs what it deleted', async () => {
    const log = logger();
    const cleanup = vi.fn(async () => 2);
    const timer = startCleanupTimer(cleanup, 3_600_000, log);
    await vi.advanceTimersByTimeAsync(FIRST_CLEANUP_DELAY_MS - 1);
    expect(cleanup).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(log.info).toHaveBeenCalledWith({ deleted: 2 }, 'messaging: deleted uploads never sent');
    await vi.advanceTimersByTimeAsync(3_600_000 - 1);
    expect(cleanup).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(cleanup).toHaveBeenCalledTimes(2);
    await timer.stop();
    await vi.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(cleanup).toHaveBeenCalledTimes(2);
  });

  it('a short interval is also the first delay', async () => {
    const cleanup = vi.fn(async () => 0);
    const timer = startCleanupTimer(cleanup, 5_000, logger());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(cleanup).toHaveBeenCalledTimes(1);
    await timer.stop();
  });

  it('a failed run is logged, never thrown, and the next one runs', async () => {
    const log = logger();
    const failure = new Error('storage down');
    const cleanup = vi.fn().mockRejectedValueOnce(failure).mockResolvedValue(0);
    const timer = startCleanupTimer(cleanup, 10_000, log);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.warn).toHaveBeenCalledWith({ err: failure }, expect.stringContaining('cleanup of uploads never sent failed'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cleanup).toHaveBeenCalledTimes(2);
    expect(log.info).not.toHaveBeenCalled();
    await timer.stop();
  });

  it('stop waits for the run in flight and starts no other', async () => {
    let finish!: (n: number) => void;
    const cleanup = vi.fn(() => new Promise<number>((resolve) => (finish = resolve)));
    const timer = startCleanupTimer(cleanup, 10_000, logger());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cleanup).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = timer.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish(0);
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(cleanup).toHaveBeenCalledTimes(1);
  });
});

describe('the cleanupIntervalMs option', () => {
  const make = (attachments: unknown) => createMessaging({ database: { sqlite: ':memory:' }, users: { getUsers: async () => [] }, currentUserId: () => null, attachments } as any);

  it('defaults to an hour and names a wrong value with a fix', async () => {
    expect(resolveAttachmentOptions(true)?.cleanupIntervalMs).toBe(3_600_000);
    expect(resolveAttachmentOptions({ cleanupIntervalMs: 60_000 })?.cleanupIntervalMs).toBe(60_000);
    for (const wrong of [0, 999, 1.5, -1, 2_147_483_648, '1h']) {
      let message = '';
      try {
        make({ cleanupIntervalMs: wrong });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toContain('option "attachments.cleanupIntervalMs" must be a whole number of milliseconds from 1000');
      expect(message).toContain('for example 3600000');
    }
    await make({ cleanupIntervalMs: 1000 }).close();
  });
});
