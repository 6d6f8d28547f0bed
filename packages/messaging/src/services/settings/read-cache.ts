/**
 * A setting's last read, trusted for `ms` on the instance's clock; reads arriving together
 * share one query. A failed read is not remembered.
 */
export interface ReadCache<T> {
  /** The value, read again when the last read is older than `ms`. */
  get(): Promise<T>;
  /** The value itself while the last read is trusted (no wait), else `get()`'s promise. */
  now(): T | Promise<T>;
  /** The last value read, fresh or not, without waiting (undefined before the first read). */
  last(): T | undefined;
  /** Whether the last read is still trusted. */
  fresh(): boolean;
  /** Takes a value this process just wrote as a fresh read. */
  put(value: T): void;
  /** Forgets the last read, so the next `get` reads again. */
  forget(): void;
}

export function createReadCache<T>(read: () => Promise<T>, options: { ms: number; clock: () => number }): ReadCache<T> {
  let cached: { value: T; until: number } | undefined;
  let reading: Promise<T> | undefined;
  const fresh = () => cached !== undefined && cached.until > options.clock();

  const get = (): Promise<T> => {
    if (cached && fresh()) return Promise.resolve(cached.value);
    reading ??= read().then(
      (value) => {
        cached = { value, until: options.clock() + options.ms };
        reading = undefined;
        return value;
      },
      (err: unknown) => {
        reading = undefined;
        throw err;
      },
    );
    return reading;
  };

  return {
    fresh,
    get,
    now: () => (cached && fresh() ? cached.value : get()),
    last: () => cached?.value,
    put(value) {
      cached = { value, until: options.clock() + options.ms };
    },
    forget() {
      cached = undefined;
    },
  };
}
