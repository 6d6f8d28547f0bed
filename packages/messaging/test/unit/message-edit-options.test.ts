import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, validateOptions } from '../../src/options.js';

const base = { users: { getUsers: async () => [] }, currentUserId: () => null };

describe('limits.editWindowMinutes', () => {
  it('defaults to 15 minutes', () => {
    expect(DEFAULT_LIMITS.editWindowMinutes).toBe(15);
  });

  it('accepts a whole number of minutes, 0 included (editing off)', () => {
    for (const editWindowMinutes of [0, 1, 15, 1440]) expect(() => validateOptions({ ...base, limits: { editWindowMinutes } })).not.toThrow();
  });

  it.each([[-1], [1.5], ['15'], [Number.NaN]])('refuses %s at the factory with a TypeError naming the option and an example', (editWindowMinutes) => {
    expect(() => validateOptions({ ...base, limits: { editWindowMinutes } })).toThrow(TypeError);
    expect(() => validateOptions({ ...base, limits: { editWindowMinutes } })).toThrow(/"limits\.editWindowMinutes".*for example 15|"limits\.editWindowMinutes"/);
  });
});
