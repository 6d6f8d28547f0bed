import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AttachmentStorage } from '../../attachment-options.js';
import { isStorageKey, randomId, toReadable } from './storage.js';

/** Options of {@link createFileSystemStorage}. */
export interface FileSystemStorageOptions {
  /** The folder the files go in (made on the first write, readable by the process's user only). */
  directory: string;
}

/**
 * Keeps attachment bytes as files in one folder, one file per key. A write goes to a
 * temporary file that is flushed to disk and then renamed into place, so a reader never sees
 * half a file and a crash leaves at most a `.partial` file behind. Keys are checked (letters,
 * digits, `-`, `_` only), so no key can name a path outside the folder.
 * @example attachments: { storage: createFileSystemStorage({ directory: 'data/attachments' }) }
 */
export function createFileSystemStorage(options: FileSystemStorageOptions): AttachmentStorage {
  if (typeof options?.directory !== 'string' || options.directory.length === 0) {
    throw new TypeError('createFileSystemStorage: option "directory" must be a folder path, for example createFileSystemStorage({ directory: \'data/attachments\' })');
  }
  const directory = resolve(options.directory);
  let made: Promise<unknown> | undefined;
  const pathOf = (key: string) => {
    if (!isStorageKey(key)) throw new TypeError(`attachment storage: invalid key ${JSON.stringify(key)}`);
    return join(directory, key);
  };

  return {
    async put(key, body) {
      const target = pathOf(key);
      made ??= mkdir(directory, { recursive: true, mode: 0o700 });
      await made;
      const temporary = join(directory, `${key}.${randomId()}.partial`);
      try {
        const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
        await pipeline(toReadable(body), out);
        // Durable before visible: the bytes, then the rename.
        const handle = await open(temporary, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, target);
      } catch (err) {
        await rm(temporary, { force: true }).catch(() => {});
        throw err;
      }
    },

    async get(key) {
      if (!isStorageKey(key)) return null;
      try {
        const handle = await open(pathOf(key), 'r');
        return handle.createReadStream({ autoClose: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },

    async delete(key) {
      if (!isStorageKey(key)) return;
      await rm(pathOf(key), { force: true });
    },
  };
}
