import express, { type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { MessagingError } from '../../errors.js';
import type { RecipientSearch } from '../../services/conversations/recipient-search.js';
import { validate } from '../guards/validation.js';
import { requireViewer, viewerId } from '../guards/viewer.js';
import { handle } from './api-routes.js';

/** What the recipient routes need from the router. */
export interface RecipientRouteDependencies {
  recipients: RecipientSearch;
}

/** `q` is checked by the service (trimmed, 1 to 100 characters), which names the field. */
const apiQuery = z.object({
  q: z.string({ error: 'is required' }),
  limit: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number from 1 to 20')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 20, 'must be a whole number from 1 to 20')
    .optional(),
});

/**
 * `GET /api/users?q=&limit=` (mounted at `/api`): `{ users: Participant[] }`, the members the
 * host's `users.search` finds for the viewer (at most `limit`, default 10, most 20), never the
 * viewer. Signed in (401); a read, so no CSRF token; 404 `not_found` when the host gave no
 * `users.search` (there is nobody to find then: conversations start from profiles).
 */
export function createRecipientApiRoutes(ctx: HttpContext, deps: RecipientRouteDependencies): Router {
  const router = express.Router();
  router.get(
    '/users',
    requireViewer(ctx, 'json'),
    handle(async (req, res) => {
      if (!deps.recipients.available) throw new MessagingError('not_found');
      const query = validate(apiQuery, req.query, 'query');
      return { users: await deps.recipients.search(viewerId(res), query.q, query.limit) };
    }),
  );
  return router;
}
