/** Where the CLI writes; tests pass their own to read what a user would see. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Present only when stderr is a terminal: writes without a newline (a progress bar redraws its line). */
  errTty?: (text: string) => void;
  /** Where `--out -` and exports go: a writable byte stream. @default process.stdout */
  stdout?: NodeJS.WritableStream;
}

/** Mode of the files the CLI writes (backups, exports): they hold private messages, so owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/** Process streams that failed (their reader went away): later lines are dropped, not written. */
const failedStreams = new WeakSet<NodeJS.WritableStream>();

function writeTo(stream: NodeJS.WriteStream, text: string): void {
  if (!failedStreams.has(stream)) stream.write(text);
}

/**
 * Makes the process's stdout and stderr safe to write to after their reader has gone
 * (`messaging status | head -1`): every later write fails with EPIPE, which Node emits as an
 * 'error' event that, unheard, kills the process with a stack trace. A reader that leaves
 * early is its choice, as in every Unix tool: the command goes on, its output is dropped and
 * its exit code is kept. Any other write failure (a full disk under `> file`) is reported on
 * stderr and makes the exit code 1. Called once by the `messaging` executable.
 */
export function guardProcessOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      failedStreams.add(stream);
      if (err.code === 'EPIPE') return;
      process.exitCode = 1;
      writeTo(process.stderr, `messaging: could not write the output (${err.code ?? err.message}).\n`);
    });
  }
}

export const processIo: CliIo = {
  out: (line) => writeTo(process.stdout, `${line}\n`),
  err: (line) => writeTo(process.stderr, `${line}\n`),
  env: process.env,
  // A dumb terminal (an editor's shell, some CI) would print the escape codes as text.
  ...(process.stderr.isTTY && process.env.TERM !== 'dumb' ? { errTty: (text: string) => writeTo(process.stderr, text) } : {}),
  stdout: process.stdout,
};

/** A failure the user can fix: printed without a stack trace; exit code 1 unless told. */
export class CliUserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliUserError';
  }
}

/** 1234567 -> "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
