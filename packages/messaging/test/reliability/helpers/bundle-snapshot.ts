import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The copy of dist/index.cjs that the child app servers load. */
    messagingBundle: string;
  }
}

/**
 * Global setup: copies the built bundle (dist/) to a folder of this run, so that a rebuild
 * during the run (`pnpm build` empties dist first) cannot pull the package from under the
 * child servers. The copy sits under node_modules/.cache so that the bundle still resolves
 * its dependencies (kysely, zod, ...) from the package's node_modules.
 */
export default function setup(project: TestProject): () => void {
  const packageDir = fileURLToPath(new URL('../../..', import.meta.url));
  const dist = join(packageDir, 'dist');
  if (!existsSync(join(dist, 'index.cjs'))) throw new Error('The reliability tests run the built package: run `pnpm build` first (`pnpm test:reliability` does).');
  const copy = join(packageDir, 'node_modules/.cache/messaging-reliability', `run-${process.pid}`);
  cpSync(dist, copy, { recursive: true });
  project.provide('messagingBundle', join(copy, 'index.cjs'));
  return () => rmSync(copy, { recursive: true, force: true });
}
