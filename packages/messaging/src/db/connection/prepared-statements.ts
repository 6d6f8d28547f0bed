import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, InferResult, Kysely } from 'kysely';
import type { MessagingDatabase } from '../schema.js';

/**
 * The SQL texts the package asked to keep prepared, with their statement names. Only hot page
 * reads are marked (a few shapes each), so this stays small; the cap guards against a marked
 * query whose text would vary per call.
 */
const names = new Map<string, string>();
const MAX_PREPARED_TEXTS = 64;

/** The name a marked text runs under on the package's Postgres connections, or undefined for any other text. */
export function preparedNameOf(text: string): string | undefined {
  return names.get(text);
}

/**
 * Runs `query` as any other, except that on a Postgres pool the package opened (or was given)
 * it becomes a named prepared statement: each connection parses and plans it once and then
 * only binds and executes it (postgres.ts). Parsing and planning the inbox statement cost
 * Postgres as much CPU as running it. SQLite prepares every statement once already; a host's Kysely runs it as usual.
 * The name is a hash of the text, so one name never stands for two texts.
 */
export async function executePrepared<Q extends Compilable<unknown> | CompiledQuery<unknown>>(db: Kysely<MessagingDatabase>, query: Q): Promise<InferResult<Q>> {
  const compiled: CompiledQuery = 'compile' in query ? query.compile() : query;
  if (!names.has(compiled.sql) && names.size < MAX_PREPARED_TEXTS) {
    names.set(compiled.sql, `messaging_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 24)}`);
  }
  return (await db.executeQuery(compiled)).rows as InferResult<Q>;
}
