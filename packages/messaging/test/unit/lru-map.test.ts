import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/shared/lru-map.js';

describe('LruMap', () => {
  it('lets the least recently used entry go when full, a read counting as a use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([1, undefined, 3]);
    expect(map.size).toBe(2);
  });

  it('keeps nothing with room for none, and forgets what it is told to', () => {
    const none = new LruMap<string, number>(0);
    none.set('a', 1);
    expect(none.get('a')).toBeUndefined();
    const map = new LruMap<string, number>(3);
    map.set('a', 1);
    map.delete('a');
    expect(map.get('a')).toBeUndefined();
  });
});
