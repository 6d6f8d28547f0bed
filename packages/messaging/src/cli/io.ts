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

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  // A dumb terminal (an editor's shell, some CI) would print the escape codes as text.
  ...(process.stderr.isTTY && process.env.TERM !== 'dumb' ? { errTty: (text: string) => void process.stderr.write(text) } : {}),
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
