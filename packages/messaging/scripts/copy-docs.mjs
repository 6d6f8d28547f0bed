// Part of the build: copies the repository's docs/*.md into the package's docs/ folder (ignored
// by git, published with the package), so a host finds the guides the README and the
// `messaging` command point to in node_modules/@org/messaging/docs. The screenshots stay behind.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';

const from = new URL('../../../docs/', import.meta.url);
const to = new URL('../docs/', import.meta.url);
rmSync(to, { recursive: true, force: true });
mkdirSync(to);
for (const name of readdirSync(from)) if (name.endsWith('.md')) copyFileSync(new URL(name, from), new URL(name, to));
