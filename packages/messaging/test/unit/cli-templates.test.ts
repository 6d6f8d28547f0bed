import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalization, english } from '../../src/views/i18n/localization.js';
import { createRenderer, defaultRenderer, type TemplateName, templateNames, templateSource } from '../../src/views/rendering/engine.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { loadTemplateSamples, sampleData } from '../helpers/template-sample-set.js';

const root = mkdtempSync(join(tmpdir(), 'messaging-cli-templates-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fileOf = (dir: string, name: string) => join(dir, ...`${name}.eta`.split('/'));
const samples = await loadTemplateSamples();

describe('messaging templates copy', () => {
  it('copies every template of the package to <folder>/<concept>/<name>.eta, byte for byte, and says what it wrote', async () => {
    const dir = join(root, 'all', 'views', 'messaging');
    const { code, stdout, stderr } = await runCliCaptured(['templates', 'copy', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const names = templateNames();
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) {
      expect(readFileSync(fileOf(dir, name), 'utf8'), name).toBe(templateSource(name));
      expect(stdout).toContain(`created    ${fileOf(dir, name)}`);
    }
    expect(stdout).toContain(`${names.length} template(s) written to ${dir} (${names.length} created, 0 replaced), 0 already the package's, 0 kept.`);
    expect(stdout).toContain(`createMessaging({ templates: '${dir}' })`);
  });

  it('gives copies that render exactly like the originals, so a copy is a true starting point', async () => {
    const dir = join(root, 'same');
    expect((await runCliCaptured(['templates', 'copy', dir])).code).toBe(0);
    const copies = createRenderer({ templatesDir: dir });
    expect([...copies.overridden].sort()).toEqual(templateNames());
    const arabic = createLocalization({}).translator('ar', 'Asia/Riyadh');
    const rendered: string[] = [];
    for (const name of templateNames()) {
      const loaded = samples.get(name);
      if (!loaded) continue; // template-escaping.test.ts lists the templates without samples
      for (const i18n of [english(), arabic]) {
        const data = sampleData(loaded, 'Bob "Baker" <b>&</b>', i18n) as never;
        expect(copies.render(name, data), `${name} in ${i18n.locale}`).toBe(defaultRenderer().render(name, data));
      }
      rendered.push(name);
    }
    expect(rendered.length, 'at least one template has samples to render with').toBeGreaterThan(0);
  });

  it("keeps a file the host changed unless --force, restores a deleted one, and leaves the package's own as they are", async () => {
    const dir = join(root, 'changed');
    expect((await runCliCaptured(['templates', 'copy', dir])).code).toBe(0);
    const [first, second] = templateNames() as [TemplateName, TemplateName];
    writeFileSync(fileOf(dir, first), '<div class="mine">changed by the host</div>');
    unlinkSync(fileOf(dir, second));

    const again = await runCliCaptured(['templates', 'copy', dir]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`kept       ${fileOf(dir, first)} (differs from the package's; --force replaces it)`);
    expect(again.stdout).toContain(`created    ${fileOf(dir, second)}`);
    expect(again.stdout).toContain(`unchanged  ${fileOf(dir, templateNames()[2] ?? second)}`);
    expect(again.stderr).toContain("1 file(s) differ from the package's and were kept: add --force to replace them");
    expect(readFileSync(fileOf(dir, first), 'utf8')).toBe('<div class="mine">changed by the host</div>');
    expect(readFileSync(fileOf(dir, second), 'utf8')).toBe(templateSource(second));

    const forced = await runCliCaptured(['templates', 'copy', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`replaced   ${fileOf(dir, first)}`);
    expect(forced.stdout).toContain(`1 template(s) written to ${dir} (0 created, 1 replaced), ${templateNames().length - 1} already the package's, 0 kept.`);
    expect(readFileSync(fileOf(dir, first), 'utf8')).toBe(templateSource(first));
  });

  it('lists a file already in the folder that replaces no template, and exits 1 after copying', async () => {
    const dir = join(root, 'stray');
    mkdirSync(join(dir, 'conversations'), { recursive: true });
    writeFileSync(join(dir, 'conversations', 'thraed.eta'), '<p>typo</p>');
    const { code, stdout, stderr } = await runCliCaptured(['templates', 'copy', dir, '--only', 'conversations/thread']);
    expect(code).toBe(1);
    expect(stdout).toContain(`created    ${fileOf(dir, 'conversations/thread')}`);
    expect(stdout).toContain(`Files that replace no template of the package:\n  ${join(dir, 'conversations', 'thraed.eta')} (did you mean conversations/thread.eta?)`);
    expect(stderr).toContain(`1 file(s) in ${dir} replace no template: rename or delete them`);
  });

  it('copies one template or one folder with --only, repeatable', async () => {
    const one = join(root, 'only-one');
    const single = await runCliCaptured(['templates', 'copy', one, '--only', 'conversations/inbox']);
    expect(single.code).toBe(0);
    expect(single.stdout).toContain('1 template(s) written');
    expect(existsSync(fileOf(one, 'conversations/inbox'))).toBe(true);
    expect(existsSync(fileOf(one, 'conversations/thread'))).toBe(false);

    const some = join(root, 'only-folder');
    const folder = await runCliCaptured(['templates', 'copy', some, '--only', 'conversations/', '--only', 'conversations/inbox.eta']);
    expect(folder.code).toBe(0);
    const conversations = templateNames().filter((name) => name.startsWith('conversations/'));
    expect(folder.stdout).toContain(`${conversations.length} template(s) written`);
    for (const name of templateNames()) expect(existsSync(fileOf(some, name)), name).toBe(name.startsWith('conversations/'));
  });

  it('refuses an unknown --only (with the name it likely meant) and a folder that is a file, writing nothing', async () => {
    const dir = join(root, 'refused');
    const typo = await runCliCaptured(['templates', 'copy', dir, '--only', 'conversations/inbx']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('The package has no template or folder "conversations/inbx" (did you mean conversations/inbox?)');
    expect(typo.stderr).toMatch(/Folders: [a-z, ]*\bconversations\b/);
    expect(existsSync(dir)).toBe(false);

    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const notFolder = await runCliCaptured(['templates', 'copy', file]);
    expect(notFolder.code).toBe(1);
    expect(notFolder.stderr).toContain(`${file} is a file, not a folder.`);

    const missing = await runCliCaptured(['templates', 'copy']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing required argument 'folder'");
    expect(missing.stderr).toContain('messaging templates copy --help');
  });
});

describe('messaging templates list', () => {
  it("lists every template's name", async () => {
    const { code, stdout } = await runCliCaptured(['templates', 'list']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    for (const name of templateNames()) expect(lines).toContain(name);
    expect(stdout).toContain(`${templateNames().length} templates. The data each gets: node_modules/@org/messaging/docs/template-data.md`);
  });

  it('says which templates a folder replaces, and which of its copies are still the same as the package', async () => {
    const dir = join(root, 'listed');
    mkdirSync(join(dir, 'conversations'), { recursive: true });
    writeFileSync(fileOf(dir, 'conversations/inbox'), '<p>mine</p>');
    writeFileSync(fileOf(dir, 'conversations/thread'), templateSource('conversations/thread'));
    const { code, stdout } = await runCliCaptured(['templates', 'list', '--templates', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^conversations/inbox +yours  ${fileOf(dir, 'conversations/inbox').replaceAll('\\', '\\\\')}$`, 'm'));
    expect(stdout).toMatch(/^conversations\/thread +yours, same as the package's {2}/m);
    expect(stdout).toMatch(/^conversations\/compose +the package's$/m);
    expect(stdout).toContain(`${templateNames().length} templates, 2 replaced by ${dir}.`);
  });

  it('lists files that replace no template and exits 1, as the app would refuse them', async () => {
    const dir = join(root, 'typo');
    mkdirSync(join(dir, 'conversations'), { recursive: true });
    writeFileSync(join(dir, 'conversations', 'inbox.eta'), '<p>mine</p>');
    writeFileSync(join(dir, 'conversations', 'inbx.eta'), '<p>typo</p>');
    const { code, stdout, stderr } = await runCliCaptured(['templates', 'list', '--templates', dir]);
    expect(code).toBe(1);
    expect(stdout).toContain(`Files that replace no template of the package:\n  ${join(dir, 'conversations', 'inbx.eta')} (did you mean conversations/inbox.eta?)`);
    expect(stderr).toContain(`1 file(s) in ${dir} replace no template`);

    const none = await runCliCaptured(['templates', 'list', '--templates', join(root, 'nowhere')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Create it with: messaging templates copy');
  });

  it('has --help with examples, and the command shows in the top help', async () => {
    for (const sub of ['copy', 'list']) {
      const help = await runCliCaptured(['templates', sub, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: messaging templates ${sub}`);
      expect(help.stdout).toContain('Examples:');
    }
    const top = await runCliCaptured(['--help']);
    expect(top.stdout).toMatch(/^ {2}templates /m);
    expect(top.stdout).toContain('$ messaging templates copy views/messaging');
  });
});
