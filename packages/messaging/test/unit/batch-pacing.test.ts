import { describe, expect, it } from 'vitest';
import { createBatchPacing } from '../../src/services/operations/batch-pacing.js';

/**
 * A prune's batches are sized by time: whatever a message costs to delete (the search index's
 * secure delete made it five times dearer), a batch must not hold the write lock much longer
 * than the target, or every send waits for it. The times below are given, not measured.
 */
describe('batches sized by time (retention)', () => {
  it('starts small, grows at most twofold per batch, and settles where a batch takes the target', () => {
    const pacing = createBatchPacing({ maxSize: 1000, targetMs: 25, minPauseMs: 25 });
    const sizes: number[] = [];
    // Each message costs 0.2 ms: 125 of them fill 25 ms.
    for (let i = 0; i < 8; i++) {
      sizes.push(pacing.size);
      pacing.record(pacing.size, pacing.size * 0.2);
    }
    expect(sizes).toEqual([20, 40, 80, 125, 125, 125, 125, 125]);
  });

  it('shrinks at once after a batch that overran, never below one message', () => {
    const pacing = createBatchPacing({ maxSize: 1000, targetMs: 25, minPauseMs: 25, startSize: 400 });
    pacing.record(400, 200); // 8 times the target: a quarter at most per step
    expect(pacing.size).toBe(100);
    pacing.record(100, 50);
    expect(pacing.size).toBe(50);
    for (let i = 0; i < 5; i++) pacing.record(pacing.size, 1000);
    expect(pacing.size).toBe(1);
    pacing.record(1, 1000);
    expect(pacing.size).toBe(1);
  });

  it('never takes more than the most allowed, and a short last batch does not make the next one grow', () => {
    const pacing = createBatchPacing({ maxSize: 300, targetMs: 25, minPauseMs: 25, startSize: 200 });
    pacing.record(200, 1);
    expect(pacing.size).toBe(300);
    pacing.record(300, 1);
    expect(pacing.size).toBe(300);
    pacing.record(7, 1); // fewer rows than asked for: the end, says nothing about the cost
    expect(pacing.size).toBe(300);
    pacing.record(7, 100); // but a few rows that took long do shrink it
    expect(pacing.size).toBe(1);
  });

  it('pauses at least as long as the batch took, and at least the least pause', () => {
    const pacing = createBatchPacing({ maxSize: 1000, targetMs: 25, minPauseMs: 30 });
    expect(pacing.record(20, 5)).toBe(30);
    expect(pacing.record(40, 120)).toBe(120);
  });

  it('keeps a fixed count when the target is endless (an explicit batch size)', () => {
    const pacing = createBatchPacing({ maxSize: 3, startSize: 3, targetMs: Number.POSITIVE_INFINITY, minPauseMs: 0 });
    for (const ms of [0.01, 500, 3]) {
      pacing.record(3, ms);
      expect(pacing.size).toBe(3);
    }
  });
});
