/**
 * Photos are made small on the phone before they are kept and sent: the longest side at most
 * 2048 px, JPEG at quality 0.7 (a few hundred KB instead of several MB on a slow network), turned
 * upright by their EXIF orientation, with their EXIF (and so the GPS position) left behind.
 */
import { matterLimits } from '$lib/domain/matter-view';
import * as m from '$lib/paraglide/messages';

export type PhotoProblem = 'not-image' | 'unreadable';

export class PhotoError extends Error {
	readonly problem: PhotoProblem;

	constructor(problem: PhotoProblem, cause?: unknown) {
		super(problem === 'not-image' ? m.matter_photo_not_image() : m.matter_photo_unreadable(), { cause });
		this.problem = problem;
	}
}

const jpegQuality = 0.7;
/** Just under the server's limit; a 2048 px JPEG at 0.7 is far below it anyway. */
const maxSizeMB = (matterLimits.photoBytes * 0.9) / (1024 * 1024);

/** Whether a picked file says it is an image (HEIC included: the browser decides whether it can read it). */
export function looksLikeImage(file: Pick<File, 'type' | 'name'>): boolean {
	if (file.type) return file.type.startsWith('image/');
	return /\.(jpe?g|png|webp|gif|bmp|heic|heif|avif)$/i.test(file.name);
}

/**
 * Loaded with the first photo. Its worker script is served by us and precached with the app
 * shell: the library would otherwise fetch it from a CDN, which our CSP forbids and a phone in
 * a stairwell could not reach anyway.
 */
async function loadCompressor() {
	const [library, worker] = await Promise.all([
		import('browser-image-compression'),
		import('browser-image-compression/dist/browser-image-compression.js?url')
	]);
	return { compress: library.default, libURL: new URL(worker.default, location.href).href };
}

/** The photo to keep and send; throws `PhotoError` with a message for the liaison. */
export async function resizePhoto(file: File): Promise<Blob> {
	if (!looksLikeImage(file)) throw new PhotoError('not-image');
	// A file without a type (some Android pickers) would be refused by the library as "not an image".
	const typed = file.type ? file : new File([file], file.name, { type: 'image/jpeg', lastModified: file.lastModified });
	try {
		const { compress, libURL } = await loadCompressor();
		return await compress(typed, {
			maxWidthOrHeight: matterLimits.photoSide,
			initialQuality: jpegQuality,
			fileType: 'image/jpeg',
			maxSizeMB,
			useWebWorker: true,
			libURL
		});
	} catch (error) {
		throw new PhotoError('unreadable', error);
	}
}
