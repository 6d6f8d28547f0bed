import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
// The one import from views/: the templates' names and sources are strings this command copies
// and compares; nothing here renders (docs/architecture.md).
import { closestTemplateName, templateFiles } from '../../views/rendering/template-folder.js';
import { TEMPLATES, type TemplateName } from '../../views/rendering/template-registry.js';
import { type CliIo, CliUserError } from '../io.js';

type Run = (work: () => Promise<void>) => Promise<void>;

/** Where the data each template gets is written down, for the output and the help. */
const DATA_REFERENCE = 'node_modules/@org/messaging/docs/template-data.md';

function packageNames(): TemplateName[] {
  return (Object.keys(TEMPLATES) as TemplateName[]).sort();
}

/** The file a template goes to under a folder: `<folder>/<concept>/<name>.eta`. */
function fileOf(folder: string, name: string): string {
  return join(folder, ...`${name}.eta`.split('/'));
}

/** The templates `--only` picks: a name (`conversations/inbox`) or a folder (`conversations`). */
function selected(only: readonly string[]): TemplateName[] {
  const names = packageNames();
  if (only.length === 0) return names;
  const picked = new Set<TemplateName>();
  for (const raw of only) {
    const wanted = raw.replace(/\.eta$/, '').replace(/^\/+|\/+$/g, '');
    const matches = names.filter((name) => name === wanted || name.startsWith(`${wanted}/`));
    if (matches.length === 0) {
      const meant = closestTemplateName(wanted, names);
      const folders = [...new Set(names.map((name) => name.slice(0, name.indexOf('/'))))];
      throw new CliUserError(
        `The package has no template or folder "${raw}"${meant ? ` (did you mean ${meant}?)` : ''}. Folders: ${folders.join(', ')}; every name: messaging templates list.`,
      );
    }
    for (const name of matches) picked.add(name);
  }
  return names.filter((name) => picked.has(name));
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Prints the folder's `.eta` files that replace no template (the app refuses to start with them); returns how many. */
function reportUnknownFiles(folder: string, io: CliIo): number {
  const names = packageNames();
  const unknown = templateFiles(folder).filter((f) => !Object.hasOwn(TEMPLATES, f.name));
  if (unknown.length === 0) return 0;
  io.out('');
  io.out('Files that replace no template of the package:');
  for (const { name, file } of unknown) {
    const meant = closestTemplateName(name, names);
    io.out(`  ${file}${meant ? ` (did you mean ${meant}.eta?)` : ''}`);
  }
  return unknown.length;
}

function registerCopy(parent: Command, io: CliIo, run: Run): void {
  parent
    .command('copy')
    .argument('<folder>', 'your templates folder (created when missing); point the templates option at it')
    .description("Copy the package's templates into a folder of yours to change them (<folder>/<concept>/<name>.eta).")
    .option('--only <name>', 'copy only this template (conversations/inbox) or folder (conversations); repeat for more', collect, [])
    .option('--force', "replace files that differ from the package's (your changes to them are lost)")
    .showHelpAfterError('(run "messaging templates copy --help" for its options and examples)')
    .addHelpText(
      'after',
      `
A file that is already there and differs from the package's (you changed it, or an older
version of the package wrote it) is kept unless you add --force; the command then exits 1
after copying the others. A file equal to the package's is left as it is. A .eta file already
in the folder whose name the package does not have (a typo) is listed, and the command exits 1:
the app refuses to start with it.

Each file in the folder replaces the package's template of that name, also in later versions
of the package: keep only the ones you change, delete the others. The data each template gets:
${DATA_REFERENCE}.

Examples:
  $ messaging templates copy views/messaging
  $ messaging templates copy views/messaging --only conversations/inbox
  $ messaging templates copy views/messaging --only conversations --only partials
  $ messaging templates copy views/messaging --only conversations/inbox --force`,
    )
    .action((folder: string, flags: { only: string[]; force?: boolean }) =>
      run(async () => {
        const names = selected(flags.only);
        if (existsSync(folder) && !statSync(folder).isDirectory()) throw new CliUserError(`${folder} is a file, not a folder.`);
        const counts = { created: 0, replaced: 0, unchanged: 0, kept: 0 };
        for (const name of names) {
          const file = fileOf(folder, name);
          const source = TEMPLATES[name];
          const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
          if (current === source) {
            counts.unchanged++;
            io.out(`  unchanged  ${file}`);
            continue;
          }
          if (current !== undefined && !flags.force) {
            counts.kept++;
            io.out(`  kept       ${file} (differs from the package's; --force replaces it)`);
            continue;
          }
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, source);
          if (current === undefined) counts.created++;
          else counts.replaced++;
          io.out(`  ${current === undefined ? 'created ' : 'replaced'}   ${file}`);
        }
        const written = counts.created + counts.replaced;
        io.out('');
        io.out(
          `${written} template(s) written to ${folder} (${counts.created} created, ${counts.replaced} replaced), ${counts.unchanged} already the package's, ${counts.kept} kept.`,
        );
        io.out(`Use them with createMessaging({ templates: '${folder}' }); delete the ones you do not change. The data each gets: ${DATA_REFERENCE}.`);
        const unknown = reportUnknownFiles(folder, io);
        if (counts.kept > 0) throw new CliUserError(`${counts.kept} file(s) differ from the package's and were kept: add --force to replace them (your changes to them are lost).`);
        if (unknown > 0) throw new CliUserError(`${unknown} file(s) in ${folder} replace no template: rename or delete them (the app refuses to start with them).`);
      }),
    );
}

function registerList(parent: Command, io: CliIo, run: Run): void {
  parent
    .command('list')
    .description("List the package's templates and which of them a folder of yours replaces.")
    .option('--templates <folder>', 'your templates folder: shows which templates it replaces, and files that replace none')
    .showHelpAfterError('(run "messaging templates list --help" for its options and examples)')
    .addHelpText(
      'after',
      `
With --templates, a file whose name the package does not have (a typo, a template renamed in
a new version) is listed and the command exits 1: the app refuses to start with it.

Examples:
  $ messaging templates list
  $ messaging templates list --templates views/messaging`,
    )
    .action((flags: { templates?: string }) =>
      run(async () => {
        const names = packageNames();
        if (flags.templates === undefined) {
          for (const name of names) io.out(name);
          io.out('');
          io.out(`${names.length} templates. The data each gets: ${DATA_REFERENCE}.`);
          return;
        }
        const folder = flags.templates;
        if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CliUserError(`There is no folder ${folder}. Create it with: messaging templates copy ${folder}`);
        const files = new Map(templateFiles(folder).map((f) => [f.name, f.file]));
        const width = Math.max(...names.map((name) => name.length)) + 2;
        for (const name of names) {
          const file = files.get(name);
          const state = file === undefined ? "the package's" : readFileSync(file, 'utf8') === TEMPLATES[name] ? `yours, same as the package's  ${file}` : `yours  ${file}`;
          io.out(`${name.padEnd(width)}${state}`);
        }
        const replaced = names.filter((name) => files.has(name)).length;
        io.out('');
        io.out(`${names.length} templates, ${replaced} replaced by ${folder}.`);
        const unknown = reportUnknownFiles(folder, io);
        if (unknown > 0) throw new CliUserError(`${unknown} file(s) in ${folder} replace no template: rename or delete them (the app refuses to start with them).`);
      }),
    );
}

/** `messaging templates copy <folder>` and `messaging templates list`: a host's own copies of the pages' templates. */
export function registerTemplates(program: Command, io: CliIo, run: Run): void {
  const parent = program.command('templates').description("Copy the package's templates into a folder of yours to change the pages' markup, and list them.");
  registerCopy(parent, io, run);
  registerList(parent, io, run);
}
