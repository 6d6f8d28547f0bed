import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { HttpContext } from '../http-context.js';
import { fieldErrorsOf, isMessagingError } from '../../errors.js';
import type { ConversationService } from '../../services/conversations/conversation-service.js';
import { MAX_SEARCH_QUERY_LENGTH } from '../../services/search/search-terms.js';
import { excerptHtml, renderSearch } from '../../views/conversations/search-view.js';
import type { Translator } from '../../views/i18n/translator.js';
import { cursorParam, limitParam, validate } from '../guards/validation.js';
import { requireViewer, viewerId } from '../guards/viewer.js';
import { renderPage } from '../responses/render-page.js';
import { viewKit } from '../responses/view-kit.js';
import { handle } from './api-routes.js';

/** The search page; the router puts its headers and the switch guard on these paths. */
export const SEARCH_PAGE_PATHS = ['/search'];

/** What the search routes need from the router. */
export interface SearchRouteDependencies {
  conversations: Pick<ConversationService, 'searchMessages'>;
}

/** `q` is checked by the service (length, control characters, at least one word), which names the field. */
const apiQuery = z.object({ q: z.string({ error: 'is required' }), cursor: cursorParam, limit: limitParam });
const pageQuery = z.object({ q: z.string().optional(), cursor: cursorParam });

/**
 * `GET /api/search?q=&cursor=&limit=` (mounted at `/api`): `{ results: [{ threadId, thread,
 * sender, message, excerptHtml }], nextCursor }`, newest first. Signed in (401); a read, so no
 * CSRF token; an empty or wordless `q` is 400 `invalid_request`.
 */
export function createSearchApiRoutes(ctx: HttpContext, deps: SearchRouteDependencies): Router {
  const router = express.Router();
  router.get(
    '/search',
    requireViewer(ctx, 'json'),
    handle(async (req, res) => {
      const query = validate(apiQuery, req.query, 'query');
      const page = await deps.conversations.searchMessages(viewerId(res), query.q, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
      return {
        results: page.items.map(({ excerpt, ...result }) => ({ ...result, excerptHtml: excerptHtml(excerpt) })),
        nextCursor: page.nextCursor,
      };
    }),
  );
  return router;
}

/** Why a search was refused, in the member's words (the service's `details` are the API's English). */
function searchError(why: string, i18n: Translator): string {
  if (/at most/.test(why)) return i18n.t('conversations.searchTooLong', { max: MAX_SEARCH_QUERY_LENGTH });
  if (/control characters/.test(why)) return i18n.t('conversations.searchControlCharacters');
  return i18n.t('conversations.searchNeedsWord');
}

type Page = (req: Request, res: Response) => Promise<void>;
const page = (fn: Page) =>
  function messagingSearchPage(req: Request, res: Response, next: NextFunction) {
    fn(req, res).catch(next);
  };

/**
 * `GET /search?q=&cursor=`: a GET form, so it works without JavaScript and needs no CSRF
 * token. Without `q` it shows the form alone; a refused `q` (empty, too long, no word) is
 * shown again in the form with the error next to it (400).
 */
export function createSearchPageRoutes(ctx: HttpContext, deps: SearchRouteDependencies): Router {
  const router = express.Router();
  router.get(
    '/search',
    requireViewer(ctx, 'html'),
    page(async (req, res) => {
      const query = validate(pageQuery, req.query, 'query');
      const viewer = viewerId(res);
      const kit = await viewKit(ctx, req);
      const title = kit.i18n.t('conversations.searchHeading');
      const base = { viewerId: viewer, base: req.baseUrl, q: query.q ?? '', isFirstPage: !query.cursor };
      if (query.q === undefined) {
        await renderPage(ctx, req, res, { title, body: renderSearch(kit, base) });
        return;
      }
      try {
        const found = await deps.conversations.searchMessages(viewer, query.q, query.cursor ? { cursor: query.cursor } : {});
        await renderPage(ctx, req, res, { title, body: renderSearch(kit, { ...base, page: found }) });
      } catch (err) {
        const onQ = isMessagingError(err) && err.code === 'invalid_request' ? fieldErrorsOf(err).find((e) => e.field === 'q') : undefined;
        if (!onQ) throw err;
        await renderPage(ctx, req, res, { title, status: 400, body: renderSearch(kit, { ...base, error: searchError(onQ.message, kit.i18n) }) });
      }
    }),
  );
  return router;
}
