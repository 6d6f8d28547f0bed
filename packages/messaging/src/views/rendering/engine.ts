import { readFileSync } from 'node:fs';
import { Eta } from 'eta';
import { escapeHtml, SafeHtml } from '../text/escape-html.js';
import { closestTemplateName, includedTemplateNames, templateFiles } from './template-folder.js';
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
 * name, read once here, so a mistake fails at start with the file's path, not on a member's
 * page: a file whose name the package does not have (a typo would otherwise be ignored in
 * silence), a template that does not compile, an include of a name that does not exist.
 */
export function createRenderer(options: { templatesDir?: string | undefined } = {}): Renderer {
  const eta = new Eta({
    autoEscape: true,
    cache: true,
    useWith: false,
    varName: 'it',
    escapeFunction: (value: unknown) => (value instanceof SafeHtml ? value.html : escapeHtml(value)),
  });
  const names = templateNames();
  const hostFiles = new Map(options.templatesDir ? templateFiles(options.templatesDir).map((f) => [f.name, f.file]) : []);
  const unknown = [...hostFiles].filter(([name]) => !Object.hasOwn(TEMPLATES, name));
  if (unknown.length > 0) {
    const lines = unknown.map(([name, file]) => {
      const meant = closestTemplateName(name, names);
      return `  ${file}${meant ? ` (did you mean ${meant}.eta?)` : ''}`;
    });
    throw new TypeError(
      `messaging: the templates folder has files that replace no template of the package (a misspelt name is otherwise ignored):\n${lines.join('\n')}\nThe names are listed by \`npx messaging templates list\`.`,
    );
  }
  const overridden: TemplateName[] = [];
  /** Where each template came from, for the errors: the host's file, or the package. */
  const origin = (name: TemplateName) => hostFiles.get(name) ?? "the package's own";
  for (const name of names) {
    const file = hostFiles.get(name);
    const source = file ? readFileSync(file, 'utf8') : TEMPLATES[name];
    if (file) overridden.push(name);
    try {
      eta.loadTemplate(`@${name}`, source);
    } catch (err) {
      throw new TypeError(`messaging: the template ${name} (${origin(name)}) does not compile: ${(err as Error).message}`, { cause: err });
    }
    const missing = includedTemplateNames(source).filter((included) => !Object.hasOwn(TEMPLATES, included));
    if (missing.length > 0)
      throw new TypeError(`messaging: the template ${name} (${origin(name)}) includes ${missing.map((m) => `@${m}`).join(', ')}, which the package does not have.`);
  }
  return {
    overridden,
    render: (name, data) => {
      try {
        return eta.render(`@${name}`, data as object);
      } catch (err) {
        // A host's template that reads a field the data lacks fails here: say which file.
        throw new Error(`messaging: the template ${name} (${origin(name)}) failed: ${(err as Error).message}`, { cause: err });
      }
    },
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
