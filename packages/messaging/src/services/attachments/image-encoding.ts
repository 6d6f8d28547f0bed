import { loadSharp } from './image-library.js';

/** Types re-encoded by sharp; an allowed image of any other type is refused (it cannot be cleaned). */
export const REENCODED_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff']);

/** Largest image accepted, in pixels (a small file can decode to gigabytes: a decompression bomb). */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

/**
 * Re-encodes an image in its own format with every piece of metadata dropped (EXIF with GPS,
 * XMP, IPTC, comments: sharp writes none unless asked), turned upright by its EXIF orientation
 * first; and makes a WebP thumbnail. Throws when sharp cannot decode it (the caller answers 415).
 */
export async function reencodeImage(input: Buffer, mime: string): Promise<EncodedImage> {
  const sharp = loadSharp();
  const animated = mime === 'image/gif' || mime === 'image/webp';
  const source = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, animated, failOn: 'error' });
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
  const [full, thumbnail] = await Promise.all([
    encoded.toBuffer({ resolveWithObject: true }),
    upright.clone().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer(),
  ]);
  const height = full.info.pageHeight ?? full.info.height;
  return { data: full.data, width: full.info.width, height, thumbnail };
}
