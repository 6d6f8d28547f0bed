/**
 * A map of at most `max` entries that lets the least recently used one go first when full:
 * `get` and `set` make an entry the most recent (a Map keeps insertion order). For a process's
 * memory of facts asked for again and again; `max` 0 keeps nothing.
 */
export class LruMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = Math.max(0, Math.floor(max));
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    if (this.#max === 0) return;
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value as K);
    this.#entries.set(key, value);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
