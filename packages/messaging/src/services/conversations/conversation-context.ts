import type { MessagingContext } from '../../context.js';
import { MessagingError } from '../../errors.js';
import type { ConversationContext } from '../../options.js';
import { safeUrl } from '../../shared/local-path.js';
import { hasControlCharacter } from './ids.js';

export type { ConversationContext };

/** Longest context type (`listing`) accepted. */
export const MAX_CONTEXT_TYPE_LENGTH = 64;
/** Longest context id accepted, as user ids. */
export const MAX_CONTEXT_ID_LENGTH = 200;
/** Longest title kept from the host's `contexts.resolve` (a longer one is cut, with an ellipsis). */
const MAX_CONTEXT_TITLE_LENGTH = 200;

/** A context as a thread shows it: the host's title and link (null when the host did not resolve it, or gave an unsafe link). */
export interface ResolvedContext extends ConversationContext {
  title: string | null;
  url: string | null;
}

function refuse(field: string, message: string, where: 'body' | 'query'): never {
  throw new MessagingError('invalid_request', undefined, { details: [{ in: where, field, message }] });
}

function checkPart(value: unknown, field: string, max: number, where: 'body' | 'query'): string {
  if (typeof value !== 'string' || value.length === 0) refuse(field, 'must be a non-empty string', where);
  if (value.length > max) refuse(field, `must be at most ${max} characters`, where);
  // Postgres text cannot hold a NUL: refused here rather than failing the query.
  if (hasControlCharacter(value)) refuse(field, 'must not contain control characters', where);
  return value;
}

/**
 * A context as given (API body, form, service call), checked: null/undefined is "no context";
 * otherwise `{ type, id }`, each a non-empty string without control characters, the type up
 * to {@link MAX_CONTEXT_TYPE_LENGTH} and the id up to {@link MAX_CONTEXT_ID_LENGTH} characters.
 * Any other character (':', quotes, separators, any script) is kept as it is. `invalid_request` otherwise.
 */
export function checkContext(value: unknown, where: 'body' | 'query' = 'body'): ConversationContext | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) refuse('context', 'must be an object { type, id }', where);
  const { type, id, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) refuse('context', 'must hold only type and id', where);
  return { type: checkPart(type, 'context.type', MAX_CONTEXT_TYPE_LENGTH, where), id: checkPart(id, 'context.id', MAX_CONTEXT_ID_LENGTH, where) };
}

/** The key that tells contexts apart in a batch (JSON: no two contexts share one). */
const keyOf = (c: ConversationContext) => JSON.stringify([c.type, c.id]);

/**
 * Resolves contexts through the host's `contexts.resolve` in ONE call for the whole batch
 * (deduped; the answer is an array in the order asked); without the option, or for an entry the host leaves out, the title and link are
 * null. The link must be a local path or an http(s) URL, as profile links.
 */
export async function resolveContexts(ctx: MessagingContext, contexts: ConversationContext[], viewerId: string): Promise<(c: ConversationContext) => ResolvedContext> {
  const unique = [...new Map(contexts.map((c) => [keyOf(c), { type: c.type, id: c.id }])).values()];
  const found = new Map<string, { title: string | null; url: string | null }>();
  const adapter = ctx.options.contexts;
  if (adapter && unique.length > 0) {
    const answers = await adapter.resolve(
      unique.map((c) => ({ ...c })),
      viewerId,
    );
    unique.forEach((c, i) => {
      const answer = Array.isArray(answers) ? answers[i] : undefined;
      if (!answer || typeof answer !== 'object') return;
      const title = typeof answer.title === 'string' && answer.title !== '' ? answer.title : null;
      found.set(keyOf(c), {
        title: title && title.length > MAX_CONTEXT_TITLE_LENGTH ? `${title.slice(0, MAX_CONTEXT_TITLE_LENGTH - 1)}…` : title,
        url: safeUrl(answer.url),
      });
    });
  }
  return (c) => ({ type: c.type, id: c.id, ...(found.get(keyOf(c)) ?? { title: null, url: null }) });
}
