import { createRequire } from 'node:module';

/** The part of sharp the package uses (kept structural, so that its types need no sharp installed). */
export type SharpModule = typeof import('sharp').default;

let loaded: SharpModule | undefined;

/**
 * Loads sharp, an optional peer dependency needed only with attachments on. Called at the
 * factory, so that a host that turns attachments on without sharp hears it at start-up, not
 * at the first upload. `load` replaces `require` (tests).
 */
export function loadSharp(load?: (id: string) => unknown): SharpModule {
  if (loaded && !load) return loaded;
  try {
    const mod = (load ?? createRequire(import.meta.url))('sharp') as SharpModule & { default?: SharpModule };
    const sharp = mod.default ?? mod;
    if (!load) loaded = sharp;
    return sharp;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new TypeError(
        'createMessaging: option "attachments" needs the "sharp" package (images are re-encoded without their metadata). Install it next to @org/messaging: npm install sharp',
        {
          cause: err,
        },
      );
    }
    throw err;
  }
}
