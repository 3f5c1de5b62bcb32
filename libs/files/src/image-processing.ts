import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;
/** sharp (libvips) loads on the first upload, not at boot: about 0.2 s a start saved. */
function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then((m) => m.default);
  return loading;
}

/** The longest side a stored image keeps; larger ones are scaled down, never up. */
export const MAX_IMAGE_SIDE = 2048;
/** Pixels sharp will decode at most (a decompression bomb is refused, not decoded). */
const MAX_INPUT_PIXELS = 80_000_000;

export interface ProcessedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * An uploaded photo as it is kept: turned upright by its EXIF orientation, scaled to fit within
 * MAX_IMAGE_SIDE, and encoded again in its own format. sharp writes no metadata unless asked, so
 * EXIF (with GPS: photos of households must not carry where they live), XMP, IPTC, ICC profiles
 * and comments are all gone. Throws when the bytes do not decode.
 */
export async function processImage(input: Buffer, kind: 'jpeg' | 'png' | 'webp'): Promise<ProcessedImage> {
  const sharp = await loadSharp();
  const pipeline = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
  const encoded =
    kind === 'jpeg'
      ? pipeline.jpeg({ quality: 82, mozjpeg: true })
      : kind === 'png'
        ? pipeline.png({ compressionLevel: 9, palette: false })
        : pipeline.webp({ quality: 82 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}
