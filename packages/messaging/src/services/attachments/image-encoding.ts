import { writeFile } from 'node:fs/promises';
import { loadSharp } from './image-library.js';

/** Types re-encoded by sharp; an allowed image of any other type is refused (it cannot be cleaned). */
export const REENCODED_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff']);

/** Largest image accepted, in pixels (a small file can decode to gigabytes: a decompression bomb). */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;

/**
 * Images re-encoded at once in this process. A decoded photo lives in libvips' memory (a
 * 10 MB JPEG is about 40 MB of pixels), so 20 uploads at once must not decode 20 photos at
 * once: the others wait with their bytes in a temp file, not in memory.
 */
export const MAX_CONCURRENT_ENCODES = 2;

export interface EncodedImage {
  width: number;
  height: number;
  /** Bytes written to the output file. */
  size: number;
  thumbnail: Buffer;
}

let active = 0;
const waiting: Array<() => void> = [];

/** Runs `work` when one of the {@link MAX_CONCURRENT_ENCODES} slots is free. */
async function inEncodeSlot<T>(work: () => Promise<T>): Promise<T> {
  if (active >= MAX_CONCURRENT_ENCODES) await new Promise<void>((resolve) => waiting.push(resolve));
  else active += 1;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter (active stays counted), or is freed.
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  }
}

let cacheOff = false;

/**
 * Re-encodes the image in file `inputPath` into file `outputPath`, in its own format with every
 * piece of metadata dropped (EXIF with GPS, XMP, IPTC, comments: sharp writes none unless
 * asked), turned upright by its EXIF orientation first; and makes a WebP thumbnail (small: a
 * buffer). Read from and written to files, so the bytes are never whole in the JS heap; at most
 * {@link MAX_CONCURRENT_ENCODES} at once. Throws when sharp cannot decode it (the caller answers 415).
 */
export async function reencodeImage(inputPath: string, outputPath: string, mime: string): Promise<EncodedImage> {
  const sharp = loadSharp();
  // libvips' operation cache would keep decoded images (and open temp files) after the upload.
  if (!cacheOff) {
    sharp.cache(false);
    cacheOff = true;
  }
  return inEncodeSlot(async () => {
    const animated = mime === 'image/gif' || mime === 'image/webp';
    const source = sharp(inputPath, { limitInputPixels: MAX_IMAGE_PIXELS, animated, failOn: 'error', sequentialRead: true });
    // Orientation is EXIF: applied to the pixels, since the tag itself is dropped.
    const upright = animated ? source : source.rotate();
    const encoded =
      mime === 'image/jpeg'
        ? upright.clone().jpeg({ quality: 88, mozjpeg: false })
        : mime === 'image/png'
          ? upright.clone().png()
          : mime === 'image/webp'
            ? upright.clone().webp({ quality: 88 })
            : mime === 'image/gif'
              ? upright.clone().gif()
              : mime === 'image/avif'
                ? upright.clone().avif()
                : upright.clone().tiff();
    // The output file made first, 0600: libvips writes into it and keeps the mode.
    await writeFile(outputPath, '', { mode: 0o600, flag: 'wx' });
    // One after the other: two decodes of one photo at once would double its pixels in memory.
    const full = await encoded.toFile(outputPath);
    const thumbnail = await upright.clone().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();
    const height = full.pageHeight ?? full.height;
    return { width: full.width, height, size: full.size, thumbnail };
  });
}
