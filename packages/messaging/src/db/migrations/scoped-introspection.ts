import { type DatabaseIntrospector, type Kysely, sql, type TableMetadata } from 'kysely';

/**
 * Kysely's Postgres introspector, which its Migrator asks whether the migration tables exist,
 * reads every column of every table in every schema of the database, calling a function per
 * row. That costs more as the host's database grows, and it fails ("schema … does not exist")
 * whenever another schema is dropped during the read: a host's parallel test workers, each
 * with a messaging schema of its own, met it on most runs. This one answers only for the
 * schema being migrated, from pg_class and pg_namespace alone, with no function per row.
 */
function schemaIntrospector(db: Kysely<any>, schema: string): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const { rows } = await sql<{ name: string; kind: string }>`
      select c.relname as name, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind in ('r', 'v', 'p')`.execute(db);
    return rows.map((r) => ({ name: r.name, schema, isView: r.kind === 'v', columns: [] }));
  };
  return {
    getSchemas: async () => {
      const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
}

/**
 * The Kysely instance for a Migrator on Postgres: the same instance, whose `introspection`
 * sees only `schema` (the Migrator's `migrationTableSchema`). Everything else is the
 * instance's own, bound to it.
 */
export function scopedToSchema(db: Kysely<any>, schema: string): Kysely<any> {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return schemaIntrospector(target, schema);
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
