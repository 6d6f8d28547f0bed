import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * Runs `work` with a private temp directory (mkdtemp: mode 0700, under the OS temp dir) and
 * removes it afterwards, whatever happened: a refused or failed upload leaves no file behind.
 */
export async function withUploadDirectory<T>(work: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'messaging-upload-'));
  try {
    return await work(directory);
  } finally {
    await rm(directory, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Writes the bytes to a new file only this process's user can read (0600), as they arrive. */
export async function writePrivateFile(path: string, source: AsyncIterable<Buffer>): Promise<void> {
  await pipeline(source, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
}
