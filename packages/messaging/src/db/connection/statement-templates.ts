import { type Compilable, type CompiledQuery, createQueryId, type Kysely } from 'kysely';
import type { MessagingDatabase } from '../schema.js';

/**
 * A hot statement built and compiled by Kysely once per Kysely instance, then bound to each
 * call's values: building and compiling the inbox page on every request cost about 90 µs of
 * CPU, an eighth of the route's, and the badge query a tenth of `GET /api/unread`'s.
 *
 * `build` is called once with `standIns` (values no member can have, one per value the caller
 * binds; `undefined` for a value this statement does not bind); each parameter of the
 * compiled statement must then be one of them, each of them must be bound, and each call's
 * values take their places. When a build gives parameters of its own (a plugin
 * of the host's Kysely, a Kysely version that inlines a value), that instance falls back to
 * building and compiling on every call, as before: slower, never wrong. The text is the same
 * on every call, so on Postgres `executePrepared` keeps it prepared too.
 *
 * Instances are remembered weakly: a transaction is an instance of its own, so a statement
 * run in one is built and compiled as usual.
 */
export function statementTemplate<V extends readonly unknown[], R>(
  build: (db: Kysely<MessagingDatabase>, ...values: V) => Compilable<R>,
  standIns: V,
): (db: Kysely<MessagingDatabase>, ...values: V) => CompiledQuery<R> {
  const templates = new WeakMap<Kysely<MessagingDatabase>, { compiled: CompiledQuery<R>; slots: number[] } | null>();
  return (db, ...values) => {
    let template = templates.get(db);
    if (template === undefined) {
      const compiled = build(db, ...standIns).compile();
      const slots = compiled.parameters.map((value) => (value === undefined ? -1 : standIns.indexOf(value)));
      // Exact: every parameter is a stand-in, and every stand-in is bound (none was inlined into the text).
      const exact = slots.every((slot) => slot >= 0) && standIns.every((standIn, i) => standIn === undefined || slots.includes(i));
      template = exact ? { compiled, slots } : null;
      templates.set(db, template);
    }
    if (template === null) return build(db, ...values).compile();
    return { ...template.compiled, queryId: createQueryId(), parameters: template.slots.map((slot) => values[slot]) };
  };
}
