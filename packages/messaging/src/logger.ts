import type { MessagingLogger } from './options.js';

/** A logger that writes nothing (the CLI's background helpers, tests). */
export const silentLogger: MessagingLogger = Object.freeze({
  info() {},
  warn() {},
  error() {},
});

/**
 * The default logger when the host passes none: errors go to `console.error` (an unexpected
 * failure must never be a bare 500 with nothing on the console), info and warn stay quiet.
 * One line with the message and the hint, then the stack when there is one.
 */
export const consoleErrorLogger: MessagingLogger = Object.freeze({
  info() {},
  warn() {},
  error(obj: object, msg?: string) {
    const { hint, err, ...rest } = obj as { hint?: unknown; err?: { stack?: unknown } };
    const head = `${msg ?? 'messaging: error'}${typeof hint === 'string' ? ` (hint: ${hint})` : ''}`;
    const stack = typeof err?.stack === 'string' ? err.stack : undefined;
    if (stack) console.error(head, Object.keys(rest).length > 0 ? rest : '', `\n${stack}`);
    else console.error(head, err === undefined ? rest : { err, ...rest });
  },
});
