import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as source from '../../src/index.js';

/**
 * The public API, pinned: adding or removing an export is a decision (and a changeset),
 * never an accident. Types are checked by the consumer tests; this pins the runtime names.
 */
const PUBLIC_EXPORTS = [
  'ERROR_CODES',
  'LATEST_SCHEMA_VERSION',
  'MESSAGING_MIGRATION_TABLES',
  'MessagingError',
  'backupSqlite',
  'checkAttachmentStorage',
  'createFileSystemStorage',
  'createMessaging',
  'exportMemberData',
  'isMessagingError',
  'messagingMigrationProvider',
  'messagingMigrations',
  'pruneMessages',
  'readUsageStats',
  'renderAdminToggleForm',
  'renderBlockButton',
  'renderMessageButton',
  'renderNavLink',
  'renderNotificationMail',
  'renderUnreadBadge',
];

const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the package surface', () => {
  it('exports exactly the pinned names from src/index.ts', () => {
    expect(Object.keys(source).sort()).toEqual(PUBLIC_EXPORTS);
  });

  it('gives the same API to require() and import() from the built bundle', async () => {
    const cjsPath = join(root, pkg.exports['.'].require.default);
    const esmPath = join(root, pkg.exports['.'].import.default);
    expect(existsSync(cjsPath) && existsSync(esmPath), 'build the package first: pnpm build').toBe(true);
    const cjs = createRequire(import.meta.url)(cjsPath);
    const esm = await import(pathToFileURL(esmPath).href);
    expect(Object.keys(cjs).sort()).toEqual(PUBLIC_EXPORTS);
    expect(Object.keys(esm).sort()).toEqual(PUBLIC_EXPORTS);
    expect(typeof cjs.createMessaging).toBe('function');
    expect(typeof esm.createMessaging).toBe('function');
  });

  it('ships separate type declarations for import and require', () => {
    for (const condition of ['import', 'require'] as const) {
      const types = join(root, pkg.exports['.'][condition].types);
      expect(existsSync(types), types).toBe(true);
      expect(readFileSync(types, 'utf8')).toContain('createMessaging');
    }
  });

  it('publishes dist, the bin and the docs, with a messaging bin that runs on plain node', () => {
    expect(pkg.files).toEqual(['dist', 'bin', 'docs']);
    const out = execFileSync(process.execPath, [join(root, pkg.bin.messaging), '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(pkg.version);
  });

  it('keeps database drivers (and prom-client, sharp) optional so a host installs only what it uses', () => {
    expect(pkg.peerDependenciesMeta).toEqual({ 'better-sqlite3': { optional: true }, pg: { optional: true }, 'prom-client': { optional: true }, sharp: { optional: true } });
    expect(pkg.dependencies?.['prom-client']).toBeUndefined();
    expect(pkg.dependencies?.sharp).toBeUndefined();
    expect(pkg.dependencies?.pg).toBeUndefined();
    expect(pkg.dependencies?.['better-sqlite3']).toBeUndefined();
  });
});
