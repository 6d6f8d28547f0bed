import { Eta } from 'eta';
import { COMPOSE_TEMPLATE } from '../conversations/templates/compose.js';
import { INBOX_TEMPLATE } from '../conversations/templates/inbox.js';
import { SEARCH_TEMPLATE } from '../conversations/templates/search.js';
import { THREAD_TEMPLATE } from '../conversations/templates/thread.js';

const TEMPLATES = {
  inbox: INBOX_TEMPLATE,
  compose: COMPOSE_TEMPLATE,
  thread: THREAD_TEMPLATE,
  search: SEARCH_TEMPLATE,
} as const;

/** A page template of the package. */
export type ViewName = keyof typeof TEMPLATES;

let engine: Eta | undefined;

/**
 * The eta engine with the package's templates registered from strings (no file reads, so it
 * works from the bundle). Escaping is on: `<%= %>` escapes, and no template uses `<%~ %>`
 * on anything a member typed. The engine holds only the compiled templates, which never
 * change, so one per process is shared safely by every instance.
 */
function getEngine(): Eta {
  if (!engine) {
    const eta = new Eta({ autoEscape: true, cache: true, useWith: false, varName: 'it' });
    for (const [name, text] of Object.entries(TEMPLATES)) eta.loadTemplate(`@${name}`, text);
    engine = eta;
  }
  return engine;
}

/** Renders one of the package's templates to an HTML string. */
export function renderView(name: ViewName, data: object): string {
  return getEngine().render(`@${name}`, data);
}
