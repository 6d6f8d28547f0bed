import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportMemberData } from '../../services/operations/member-export.js';
import { addDatabaseFlags, type DatabaseFlags, withDatabase } from '../database-flags.js';
import { type CliIo, CliUserError, PRIVATE_FILE_MODE } from '../io.js';
import { createProgress } from '../progress.js';

interface ExportFlags extends DatabaseFlags {
  user: string;
  out?: string;
  force?: boolean;
}

/**
 * Writes every chunk, waiting when the stream asks us to (a big export never piles up in
 * memory). Resolves to 'closed' when the reader went away (`export | head`: EPIPE), which is
 * the reader's choice, not a failure; other write errors (a full disk) are thrown.
 */
async function writeAll(chunks: AsyncIterable<string>, stream: NodeJS.WritableStream): Promise<'written' | 'closed'> {
  let failure: (Error & { code?: string }) | undefined;
  // Listening here also keeps an error that comes between two writes from crashing the process.
  const onError = (err: Error) => {
    failure ??= err;
  };
  stream.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (!failure && !stream.write(chunk)) await Promise.race([once(stream, 'drain'), once(stream, 'close')]).catch(() => {});
      if (failure) break;
    }
  } finally {
    stream.off('error', onError);
  }
  if (failure?.code === 'EPIPE') return 'closed';
  if (failure) throw failure;
  return 'written';
}

export function registerExport(program: Command, io: CliIo, run: (work: () => Promise<void>) => Promise<void>): void {
  addDatabaseFlags(
    program
      .command('export')
      .description("Write one member's threads and messages as JSON, for a data request.")
      .requiredOption('--user <id>', "the member's id in your app")
      .option('--out <file>', 'write to this file instead of stdout')
      .option('--force', 'replace the --out file if it exists'),
  )
    .addHelpText(
      'after',
      `
The export holds every thread the member takes (or took) part in: its subject, the
participants' ids and every message with its sender, text and times. Names are not
included: the messaging database only knows ids (your app knows who they are).

Examples:
  $ messaging export --user 42 > member-42.json
  $ messaging export --user 42 --out exports/member-42.json --db data/messages.db`,
    )
    .action((flags: ExportFlags) =>
      run(async () => {
        const userId = flags.user.trim();
        if (userId === '') throw new CliUserError('--user needs a member id.');
        const target = flags.out ? resolve(flags.out) : undefined;
        if (target && existsSync(target) && !flags.force) throw new CliUserError(`${target} already exists. Add --force to replace it.`);
        await withDatabase(flags, io, async (handle) => {
          const progress = createProgress(io, 'Exporting', 'threads');
          let threads = 0;
          const chunks = exportMemberData(handle.db, userId, {
            onProgress: (p) => {
              threads = p.totalThreads;
              progress.update(p.threads, p.totalThreads);
            },
          });
          // finally: an error must not be printed onto the end of a half-drawn bar.
          try {
            if (!target) {
              const out = io.stdout;
              if (out) {
                if ((await writeAll(chunks, out)) === 'closed') return;
              } else {
                let text = '';
                for await (const chunk of chunks) text += chunk;
                io.out(text.replace(/\n$/, ''));
              }
            } else {
              mkdirSync(dirname(target), { recursive: true });
              const partial = `${target}.partial-${process.pid}`;
              // Private to its owner from the first byte (an export holds private messages);
              // a fresh file, so a leftover's wider mode cannot carry over.
              rmSync(partial, { force: true });
              const file = createWriteStream(partial, { flags: 'wx', mode: PRIVATE_FILE_MODE });
              try {
                await writeAll(chunks, file);
                file.end();
                await once(file, 'finish');
              } catch (err) {
                file.destroy();
                rmSync(partial, { force: true });
                throw err;
              }
              renameSync(partial, target);
            }
          } finally {
            progress.done();
          }
          // stderr, so that it never ends up inside the JSON of `export > file`.
          if (threads === 0) io.err(`messaging: member ${userId} has no threads in ${handle.where}; the export is empty (check the id).`);
          if (target) io.out(`Exported ${threads} thread(s) of member ${userId} to ${target}.`);
        });
      }),
    );
}
