import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { type MessagingOptions, validateOptions } from '../../src/options.js';

/*
 * The callbacks' `req` is express's Request, not `any`; `pnpm typecheck` (tsc over test/)
 * checks the lines below, the expectations only that the options are accepted as well.
 */

/** A host's own request type, with the signed-in member required (passport-style). */
interface SignedInRequest extends Request {
  user: { id: number; role: 'admin' | 'member' };
}

const typed: MessagingOptions = {
  users: { getUsers: () => [] },
  currentUserId: (req) => req.get('x-user') ?? null,
  isAdmin: (req) => req.path.startsWith('/admin') && req.get('x-admin') === '1',
  signInUrl: (req) => `/login?next=${encodeURIComponent(req.originalUrl)}`,
  layout: ({ title, body, res }) => `<title>${title}</title>${body}${String(res.locals.footer ?? '')}`,
};

// A narrower request type still fits: the callbacks are checked bivariantly, as methods are.
const narrower: MessagingOptions = {
  users: { getUsers: () => [] },
  currentUserId: (req: SignedInRequest) => req.user.id,
  isAdmin: (req: SignedInRequest) => req.user.role === 'admin',
};

const typo: MessagingOptions = {
  users: { getUsers: () => [] },
  // @ts-expect-error a misspelt request property is caught (it was `any` before)
  currentUserId: (req) => req.hedaers['x-user'],
};

describe('callback types', () => {
  it('accepts callbacks typed with express Request or a subtype of it', () => {
    for (const options of [typed, narrower, typo]) expect(validateOptions(options)).toBe(options);
  });
});
