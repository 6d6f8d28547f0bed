import { describe, expect, it } from 'vitest';
import { isMissingTableError } from '../../src/db/faults/missing-table.js';

describe('isMissingTableError', () => {
  it('recognises a database that was never migrated', () => {
    expect(isMissingTableError(new Error('no such table: messaging_migration'))).toBe(true);
    expect(isMissingTableError(Object.assign(new Error('relation "messaging_migration" does not exist'), { code: '42P01' }))).toBe(true);
  });

  it('leaves connection problems alone, so they are reported as such', () => {
    expect(isMissingTableError(Object.assign(new Error('database "nodb" does not exist'), { code: '3D000' }))).toBe(false);
    expect(isMissingTableError(Object.assign(new Error('role "nobody" does not exist'), { code: '28000' }))).toBe(false);
    expect(isMissingTableError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(false);
  });
});
