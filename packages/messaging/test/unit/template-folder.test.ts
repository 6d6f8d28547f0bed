import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMessaging } from '../../src/create-messaging.js';
import { english } from '../../src/views/i18n/localization.js';
import { createRenderer, templateNames } from '../../src/views/rendering/engine.js';
import { closestTemplateName, includedTemplateNames, templateFiles } from '../../src/views/rendering/template-folder.js';

const root = mkdtempSync(join(tmpdir(), 'messaging-template-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh host folder holding the given files (`{ 'conversations/inbox.eta': '…' }`). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'host-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("a host's templates folder, read at start", () => {
  it('replaces the template of the same name, and only that one', () => {
    const dir = folder({ 'conversations/inbox.eta': '<main class="host-inbox"><%= it.note %></main>', 'README.md': 'not a template' });
    const renderer = createRenderer({ templatesDir: dir });
    expect(renderer.overridden).toEqual(['conversations/inbox']);
    expect(renderer.render('conversations/inbox', { note: '<b>Bob</b>', i18n: english() } as never)).toBe('<main class="host-inbox">&lt;b&gt;Bob&lt;/b&gt;</main>');
  });

  it('refuses a file whose name the package does not have, naming the file and the name it likely meant', () => {
    const dir = folder({ 'conversations/inbx.eta': 'x', 'inbox.eta': 'y', 'conversations/toString.eta': 'z' });
    let message = '';
    try {
      createRenderer({ templatesDir: dir });
    } catch (err) {
      expect(err).toBeInstanceOf(TypeError);
      message = (err as Error).message;
    }
    expect(message).toContain(`${join(dir, 'conversations', 'inbx.eta')} (did you mean conversations/inbox.eta?)`);
    expect(message).toContain(`${join(dir, 'inbox.eta')} (did you mean conversations/inbox.eta?)`);
    // Not a template although `'toString' in TEMPLATES` is true for any object.
    expect(message).toContain(join(dir, 'conversations', 'toString.eta'));
    expect(message).toContain('npx messaging templates list');
  });

  it('refuses the instance at createMessaging, before any page is served', () => {
    const dir = folder({ 'conversations/inboxx.eta': '<p>typo</p>' });
    expect(() => createMessaging({ database: { sqlite: ':memory:' }, users: { getUsers: async () => [] }, currentUserId: () => null, templates: dir })).toThrow(
      /inboxx\.eta \(did you mean conversations\/inbox\.eta\?\)/,
    );
  });

  it('refuses a template that does not compile, naming its file', () => {
    const dir = folder({ 'conversations/inbox.eta': '<p><%= it.threads.map((t) => t.id %></p>' });
    const file = join(dir, 'conversations', 'inbox.eta');
    expect(() => createRenderer({ templatesDir: dir })).toThrow(TypeError);
    expect(() => createRenderer({ templatesDir: dir })).toThrow(`the template conversations/inbox (${file}) does not compile`);
    const unclosed = folder({ 'conversations/inbox.eta': '<p><%= it.x </p>' });
    expect(() => createRenderer({ templatesDir: unclosed })).toThrow(join(unclosed, 'conversations', 'inbox.eta'));
  });

  it('refuses an include of a template the package does not have, naming the file', () => {
    const dir = folder({ 'conversations/inbox.eta': "<%~ include('@partials/no-such-partial', it) %>" });
    expect(() => createRenderer({ templatesDir: dir })).toThrow(`the template conversations/inbox (${join(dir, 'conversations', 'inbox.eta')}) includes @partials/no-such-partial`);
  });

  it('names the file when a template fails while rendering (a field the data lacks)', () => {
    const dir = folder({ 'conversations/inbox.eta': '<p><%= it.viewer.name %></p>' });
    const renderer = createRenderer({ templatesDir: dir });
    expect(() => renderer.render('conversations/inbox', { i18n: english() } as never)).toThrow(
      `the template conversations/inbox (${join(dir, 'conversations', 'inbox.eta')}) failed`,
    );
  });

  it('reads every .eta under the folder by its path, and nothing else', () => {
    const dir = folder({ 'conversations/inbox.eta': 'a', 'partials/deep/x.eta': 'b', 'notes.txt': 'c', 'conversations/inbox.eta.bak': 'd' });
    expect(templateFiles(dir).map((f) => f.name)).toEqual(['conversations/inbox', 'partials/deep/x']);
  });
});

describe('the helpers of the folder check', () => {
  it('suggests the name a typo meant, and nothing for a name far from all', () => {
    const names = templateNames();
    expect(closestTemplateName('conversation/inbox', names)).toBe('conversations/inbox');
    expect(closestTemplateName('conversations/thraed', names)).toBe('conversations/thread');
    expect(closestTemplateName('my-own/footer-widget', names)).toBeUndefined();
  });

  it('finds the templates a template includes', () => {
    expect(includedTemplateNames(`<%~ include('@safety/post-button', it) %><%~ include("@partials/nav-link", { a: 1 }) %><%~ include('local') %>`)).toEqual([
      'safety/post-button',
      'partials/nav-link',
    ]);
  });
});
