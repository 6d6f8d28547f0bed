import type { MessagingLogger } from './options.js';

/** The default logger: quiet. Hosts pass their own (pino, winston through a wrapper, console). */
export const silentLogger: MessagingLogger = Object.freeze({
  info() {},
  warn() {},
  error() {},
});
