import { MessagingError } from '../../errors.js';

/** Seconds until the next UTC midnight, when the daily byte count starts again (at least 1). */
export function secondsToUtcMidnight(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** The start of the UTC day `now` is in, as stored times are written. */
export function utcDayStart(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}

export function tooLarge(maxFileBytes: number): MessagingError<'payload_too_large'> {
  const message = `must be at most ${maxFileBytes} bytes`;
  return new MessagingError('payload_too_large', `The file is too large: it ${message}.`, { details: [{ in: 'body', field: 'file', message }] });
}

export function dailyCapReached(now: Date): MessagingError<'rate_limited'> {
  return new MessagingError('rate_limited', 'You have uploaded as much as you may today. Try again tomorrow.', { details: { retryAfter: secondsToUtcMidnight(now) } });
}

/**
 * The upload's bytes, counted as they arrive: past `maxFileBytes` it throws 413 at once, past
 * the member's remaining daily bytes 429, so an oversized upload is never read to its end.
 * `counted()` tells how many bytes went through.
 */
export function countedBytes(source: AsyncIterable<Uint8Array | string>, limits: { maxFileBytes: number; remainingToday: number; now: Date }) {
  let count = 0;
  async function* bytes(): AsyncGenerator<Buffer> {
    for await (const piece of source) {
      const buffer = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      count += buffer.length;
      if (count > limits.maxFileBytes) throw tooLarge(limits.maxFileBytes);
      if (count > limits.remainingToday) throw dailyCapReached(limits.now);
      yield buffer;
    }
  }
  return { bytes: bytes(), counted: () => count };
}

/**
 * Reads from `iterator` until at least `want` bytes (or the end): the head to decide the type
 * from. Returns it with an iterable of the whole file (head first, then the rest).
 */
export async function readHead(iterator: AsyncGenerator<Buffer>, want: number): Promise<{ head: Buffer; whole: AsyncGenerator<Buffer> }> {
  const parts: Buffer[] = [];
  let have = 0;
  while (have < want) {
    const next = await iterator.next();
    if (next.done) break;
    parts.push(next.value);
    have += next.value.length;
  }
  const head = Buffer.concat(parts, have);
  async function* whole(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    yield* iterator;
  }
  return { head, whole: whole() };
}
