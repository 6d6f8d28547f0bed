import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A host's `templates` folder replaces a template on every page of its instance only if the
 * pages render with the instance's renderer (`kit.renderer`, `ctx.renderer`). The package's own
 * renderer (`defaultRenderer()`) ignores the host's folder, so it may appear only where no
 * instance is at hand, each place with its reason here.
 */
const WITHOUT_AN_INSTANCE: Record<string, string> = {
  'views/rendering/engine.ts': 'defines it',
  'views/partials/partial-kit.ts': 'the exported partial functions (renderNavLink, …) are called without an instance',
  'views/notifications/notification-mail.ts': 'renderNotificationMail is called by the host, which passes its folder as `templates`',
  'http/admin/limits-routes.ts': 'renderAdminLimits called without the instance context',
  'http/safety/thread-controls.ts': "a default parameter; create-messaging.ts passes the instance's renderer",
  'http/responses/errors.ts': "the last resort when the instance's own error page failed to render",
};

const src = join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(src, path).split(sep).join('/')] : [];
  });
}

describe("a host's templates reach every page of its instance", () => {
  it("renders with the package's own renderer only where no instance is at hand", () => {
    const users = sourceFiles(src).filter((file) => /\bdefaultRenderer\(\)/.test(readFileSync(join(src, file), 'utf8')));
    expect(
      users.filter((file) => !(file in WITHOUT_AN_INSTANCE)),
      "render with the instance's renderer (kit.renderer / ctx.renderer), or give the reason here",
    ).toEqual([]);
    expect(
      Object.keys(WITHOUT_AN_INSTANCE).filter((file) => !users.includes(file)),
      'no longer use defaultRenderer(): remove them from the list',
    ).toEqual([]);
  });
});
