import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailableError } from '../../src/db/faults/unavailable-error.js';
import { toMessagingError } from '../../src/http/responses/errors.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('which database errors are database_unavailable (503) rather than a bug (500)', () => {
  it.each([
    ['SQLITE_FULL'],
    ['SQLITE_READONLY'],
    ['SQLITE_READONLY_DIRECTORY'],
    ['SQLITE_CANTOPEN'],
    ['SQLITE_IOERR_WRITE'],
    ['SQLITE_BUSY'],
    ['57P01'],
    ['57P02'],
    ['57P03'],
    ['08006'],
    ['53100'],
    ['25006'],
    ['ECONNREFUSED'],
    ['ECONNRESET'],
  ])('%s is', (code) => {
    expect(isDatabaseUnavailableError(coded(code))).toBe(true);
    expect(toMessagingError(coded(code))).toMatchObject({ code: 'database_unavailable', status: 503 });
  });

  it.each([['Connection terminated unexpectedly'], ['Client was closed and is not queryable'], ['timeout exceeded when trying to connect']])('pg\'s "%s" is', (message) => {
    expect(isDatabaseUnavailableError(new Error(message))).toBe(true);
  });

  it('looks through a cause and an AggregateError (a refused connection to every address of a host)', () => {
    expect(isDatabaseUnavailableError(new Error('outer', { cause: coded('SQLITE_FULL') }))).toBe(true);
    expect(isDatabaseUnavailableError(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe(true);
  });

  it.each([['SQLITE_CONSTRAINT_UNIQUE'], ['SQLITE_ERROR'], ['23505'], ['42P01'], ['22P02']])('%s is not: a bug or bad input stays a 500 to fix', (code) => {
    expect(isDatabaseUnavailableError(coded(code))).toBe(false);
    expect(toMessagingError(coded(code))).toBeNull();
  });

  it('a TypeError from code is not', () => {
    expect(isDatabaseUnavailableError(new TypeError("Cannot read properties of undefined (reading 'userId')"))).toBe(false);
  });
});
