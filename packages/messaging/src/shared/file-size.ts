import { statSync } from 'node:fs';

/** A file's size in bytes, 0 when it is missing (a SQLite WAL file comes and goes). */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
