import { type Kysely, sql } from 'kysely';

/** Table and index names of the messaging schema, read from the database's own catalog. */
export async function listSchemaObjects(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<{ tables: string[]; indexes: string[] }> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ name: string; type: string }>`select name, type from sqlite_master where name like 'messaging_%' order by name`.execute(db);
    return {
      tables: rows.rows.filter((r) => r.type === 'table').map((r) => r.name),
      indexes: rows.rows.filter((r) => r.type === 'index' && !r.name.startsWith('sqlite_')).map((r) => r.name),
    };
  }
  const tables = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(db);
  const indexes = await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() order by indexname`.execute(db);
  return { tables: tables.rows.map((r) => r.name), indexes: indexes.rows.map((r) => r.name) };
}
