/** What is called on a pooled `pg` client here. */
interface SearchPathClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * The search path of the package's connections when its tables have a schema: that schema, then
 * `public`. Without spaces: it also goes in the connection's startup `options`, split on spaces.
 */
export function schemaSearchPath(quoted: string): string {
  return `${quoted},public`;
}

/**
 * Keeps a pool's connections on the package's schema when the schema is created after they
 * were opened (the first deploy: several app servers start, one migrates).
 *
 * Postgres leaves a schema that does not exist out of a connection's search path and puts it
 * back when it is created, except when the connection worked out its path during the very
 * commit that created it. That connection then goes on with `public` alone for its whole life:
 * its reads find no tables, and its migrations create them in `public`. Two instances switching
 * on a new database at once hit this about one time in twenty.
 *
 * So until a connection has once found itself on the schema, each time it is taken from the
 * pool it is asked where it is (one round trip, only before the schema exists), and set on its
 * path again when the schema exists but the connection is not on it.
 * @param schema the schema's name, as `current_schema()` gives it
 * @param quoted the same, quoted for SQL
 */
export function createSchemaPathGuard(schema: string, quoted: string): (client: SearchPathClient) => Promise<void> {
  const settled = new WeakSet<object>();
  const setPath = `set search_path to ${schemaSearchPath(quoted)}`;
  return async (client) => {
    if (settled.has(client)) return;
    const { rows } = await client.query('select current_schema() = $1 as "onSchema", to_regnamespace($2) is not null as "exists"', [schema, quoted]);
    const where = rows[0] as { onSchema: boolean | null; exists: boolean };
    if (where.onSchema) {
      settled.add(client);
    } else if (where.exists) {
      await client.query(setPath);
      settled.add(client);
    }
  };
}
