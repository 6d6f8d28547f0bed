/**
 * `make` with a memory of its last answers, at most `max` of them; when full, the oldest
 * answer goes. For values that depend on one key only and are asked for again and again (a
 * prepared statement per SQL text, a piece of markup per unread total).
 */
export function remembered<K, V>(make: (key: K) => V, max: number): (key: K) => V {
  const answers = new Map<K, V>();
  return (key) => {
    let value = answers.get(key);
    if (value === undefined) {
      value = make(key);
      if (answers.size >= max) answers.delete(answers.keys().next().value as K);
      answers.set(key, value);
    }
    return value;
  };
}
