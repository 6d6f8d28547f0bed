/**
 * Whether a query failed because a table is not there yet (a database never migrated): SQLite's
 * "no such table", Postgres' undefined_table (42P01). Not "database … does not exist" or
 * "role … does not exist": those are connection problems and must surface as such.
 */
export function isMissingTableError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null | undefined;
  if (e?.code === '42P01') return true;
  const text = String(e?.message ?? err);
  return /no such table|relation "[^"]*" does not exist/i.test(text);
}
