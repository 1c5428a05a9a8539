/**
 * Every uploaded photo is decoded and written anew here before it is stored: turned upright by
 * its EXIF orientation, bounded in size, and re-encoded as a JPEG that carries no metadata at
 * all (no EXIF and so no GPS position, no XMP, no IPTC, no ICC profile: colours are converted
 * to sRGB instead). Nothing a phone wrote into the file reaches another person.
 */
import sharp from 'sharp';
import { matterLimits } from '../../domain/matter-view';
import { refusal } from '../refusal';

/**
 * Pixels (width × height) an input may declare. A file of a few kilobytes can declare
 * gigapixels that would take gigabytes to decode; refused from the header, before decoding.
 */
export const photoInputPixels = 40_000_000;

export type ProcessedPhoto = { image: Uint8Array; thumb: Uint8Array; width: number; height: number };

export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heif';

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
const heifBrands = ['heic', 'heix', 'mif1', 'msf1', 'avif', 'avis'];

/**
 * The accepted format the first bytes announce, or null. Anything else (SVG, TIFF, PDF, …)
 * never reaches a decoder, whatever libvips could read.
 */
export function sniffPhotoFormat(bytes: Uint8Array): PhotoFormat | null {
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
	if (['GIF87a', 'GIF89a'].includes(ascii(bytes, 0, 6))) return 'gif';
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
	if (ascii(bytes, 4, 8) === 'ftyp' && heifBrands.includes(ascii(bytes, 8, 12))) return 'heif';
	return null;
}

const notAnImage = () => refusal(415, 'error_photo_not_image');

const inside = (side: number) => ({ width: side, height: side, fit: 'inside' as const, withoutEnlargement: true });

/** Checks what the header declares; decodes nothing. */
async function checkHeader(bytes: Uint8Array, format: PhotoFormat): Promise<void> {
	// Reading the header is safe at any size; sharp's own limit would refuse it as undecodable.
	const header = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => null);
	if (!header || header.format !== format) throw notAnImage();
	// An animated image's height may be that of all its frames; the first frame is all we read.
	const height = header.pageHeight ?? header.height;
	if (header.width * height > photoInputPixels) {
		throw refusal(413, 'error_photo_too_many_pixels', { megapixels: photoInputPixels / 1_000_000 });
	}
}

/**
 * The photo to store and its thumbnail, both JPEG, the photo's longest side at most
 * `matterLimits.photoSide`. Refuses (415) what is not a JPEG, PNG, WebP, GIF or HEIF image
 * (HEIC only where this build of libvips decodes HEVC; AVIF always) or does not decode, and
 * (413) an image with more than `photoInputPixels` pixels. Of an animated image, the first frame.
 */
export async function processPhoto(bytes: Uint8Array): Promise<ProcessedPhoto> {
	const format = sniffPhotoFormat(bytes);
	if (!format) throw notAnImage();
	await checkHeader(bytes, format);
	const { data: image, info } = await sharp(bytes, { limitInputPixels: photoInputPixels, pages: 1, autoOrient: true })
		.timeout({ seconds: 20 })
		.resize(inside(matterLimits.photoSide))
		// JPEG has no transparency; without this, transparent parts of a PNG turn black.
		.flatten({ background: '#ffffff' })
		.jpeg({ quality: 80 })
		.toBuffer({ resolveWithObject: true })
		.catch(() => {
			throw notAnImage();
		});
	const thumb = await sharp(image).resize(inside(matterLimits.thumbSide)).jpeg({ quality: 75 }).toBuffer();
	return { image, thumb, width: info.width, height: info.height };
}
