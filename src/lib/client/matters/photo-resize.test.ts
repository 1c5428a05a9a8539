import { describe, expect, it } from 'vitest';
import { looksLikeImage, PhotoError, resizePhoto } from './photo-resize';

describe('looksLikeImage', () => {
	it('goes by the type, and by the name when the picker gave no type', () => {
		expect(looksLikeImage({ type: 'image/jpeg', name: 'x' })).toBe(true);
		expect(looksLikeImage({ type: 'image/heic', name: 'IMG_1.HEIC' })).toBe(true);
		expect(looksLikeImage({ type: 'application/pdf', name: 'photo.jpg' })).toBe(false);
		expect(looksLikeImage({ type: '', name: 'IMG_20240301.JPG' })).toBe(true);
		expect(looksLikeImage({ type: '', name: 'notes.txt' })).toBe(false);
	});
});

describe('resizePhoto', () => {
	it('refuses a file that is not an image with words for the liaison', async () => {
		const pdf = new File(['%PDF'], 'report.pdf', { type: 'application/pdf' });
		const error = await resizePhoto(pdf).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(PhotoError);
		expect((error as PhotoError).problem).toBe('not-image');
		expect((error as PhotoError).message).not.toBe('');
	});
});
