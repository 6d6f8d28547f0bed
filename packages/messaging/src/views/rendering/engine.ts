import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import { escapeHtml, SafeHtml } from '../text/escape-html.js';
import { TEMPLATES, type TemplateData, type TemplateName } from './template-registry.js';

export type { TemplateData, TemplateName } from './template-registry.js';

/** Renders the package's templates (or the host's replacements) to HTML. One per instance. */
export interface Renderer {
  /** One template with its typed data; `<%= %>` escapes everything but {@link SafeHtml}. */
  render<N extends TemplateName>(name: N, data: TemplateData[N]): string;
  /** The names of the templates the host's folder replaced. */
  readonly overridden: readonly TemplateName[];
}

/** Every template's name, in a stable order (the CLI copies them; tests render them all). */
export function templateNames(): TemplateName[] {
  return Object.keys(TEMPLATES).sort() as TemplateName[];
}

/** A template's source as the package ships it. */
export function templateSource(name: TemplateName): string {
  return TEMPLATES[name];
}

/**
 * The eta engine with every template registered by name (`@conversations/inbox`), so templates
 * include each other (`<%~ include('@partials/post-button', it) %>`). Escaping is on:
 * `<%= %>` escapes strings and prints {@link SafeHtml} (markup the views built with the
 * escaping `html` tag) as it is; `<%~ %>` prints raw and is kept for includes.
 * `templatesDir`: a host's folder; `<dir>/<name>.eta` replaces the package's template of that
 * name, read once here (so a missing or broken file fails at start, not on a member's page).
 */
export function createRenderer(options: { templatesDir?: string | undefined } = {}): Renderer {
  const eta = new Eta({
    autoEscape: true,
    cache: true,
    useWith: false,
    varName: 'it',
    escapeFunction: (value: unknown) => (value instanceof SafeHtml ? value.html : escapeHtml(value)),
  });
  const overridden: TemplateName[] = [];
  for (const name of templateNames()) {
    let source: string = TEMPLATES[name];
    if (options.templatesDir) {
      const file = join(options.templatesDir, `${name}.eta`);
      if (existsSync(file)) {
        source = readFileSync(file, 'utf8');
        overridden.push(name);
      }
    }
    try {
      eta.loadTemplate(`@${name}`, source);
    } catch (err) {
      throw new TypeError(`messaging: the template ${name} in ${options.templatesDir ?? 'the package'} does not compile: ${(err as Error).message}`);
    }
  }
  return {
    overridden,
    render: (name, data) => eta.render(`@${name}`, data as object),
  };
}

let shared: Renderer | undefined;

/**
 * The package's own templates, without a host folder: for renderers that need no instance
 * (the notification mail a host renders itself) and for tests.
 */
export function defaultRenderer(): Renderer {
  shared ??= createRenderer();
  return shared;
}
