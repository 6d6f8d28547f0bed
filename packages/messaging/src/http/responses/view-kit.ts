import type { Request } from 'express';
import type { HttpContext } from '../http-context.js';
import type { ViewKit } from '../../views/rendering/view-kit.js';
import { translatorFor } from '../host/request-translator.js';

/** The renderer and the member's translator for a request: what every view takes first. */
export async function viewKit(ctx: HttpContext, req: Request): Promise<ViewKit> {
  return { renderer: ctx.renderer, i18n: await translatorFor(ctx, req) };
}
