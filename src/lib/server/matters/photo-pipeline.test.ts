import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { photoInputPixels, processPhoto, sniffPhotoFormat } from './photo-pipeline';

const canvas = (width: number, height: number, background = '#3a7') => sharp({ create: { width, height, channels: 3, background } });

const gpsExif = {
	IFD0: { Make: 'TestPhone', Model: 'X1' },
	IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 21/1 3600/100', GPSLongitudeRef: 'E', GPSLongitude: '119/1 24/1 0/1' }
};

/** Whether EXIF holds the GPSInfo tag (0x8825), in either byte order. */
const hasGpsTag = (exif: Buffer) => exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

/** A PNG whose header declares another size than its (tiny) pixel data: what a decompression bomb looks like. */
async function pngDeclaring(width: number, height: number): Promise<Uint8Array> {
	const png = new Uint8Array(await canvas(1, 1).png().toBuffer());
	const view = new DataView(png.buffer);
	// The IHDR chunk follows the 8-byte signature: length, type, width, height, …, then its CRC.
	view.setUint32(16, width);
	view.setUint32(20, height);
	view.setUint32(29, crc32(png.subarray(12, 29)));
	return png;
}

describe('processPhoto', () => {
	it('removes every piece of metadata, the GPS position first of all', async () => {
		const input = await canvas(640, 480).jpeg().withExif(gpsExif).withIccProfile('p3').toBuffer();
		const before = await sharp(input).metadata();
		expect(before.exif?.toString('latin1')).toContain('TestPhone');
		expect(hasGpsTag(before.exif!)).toBe(true);
		expect(before.icc).toBeDefined();

		const photo = await processPhoto(input);
		for (const output of [photo.image, photo.thumb]) {
			const after = await sharp(output).metadata();
			expect(after.format).toBe('jpeg');
			expect(after.exif).toBeUndefined();
			expect(after.xmp).toBeUndefined();
			expect(after.iptc).toBeUndefined();
			expect(after.icc).toBeUndefined();
			expect(Buffer.from(output).includes('TestPhone')).toBe(false);
		}
		expect(photo).toMatchObject({ width: 640, height: 480 });
	});

	it('turns a photo upright by its EXIF orientation before bounding it', async () => {
		// Orientation 6: stored landscape, to be shown rotated 90° clockwise, so portrait.
		const input = await canvas(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
		const photo = await processPhoto(input);
		expect(photo).toMatchObject({ width: 200, height: 400 });
		const after = await sharp(photo.image).metadata();
		expect([after.width, after.height, after.orientation]).toEqual([200, 400, undefined]);
	});

	it('bounds the longest side of the photo and of its thumbnail, and never enlarges', async () => {
		const large = await processPhoto(await canvas(3000, 1500).jpeg().toBuffer());
		expect(large).toMatchObject({ width: 2048, height: 1024 });
		expect(await sharp(large.thumb).metadata()).toMatchObject({ width: 320, height: 160 });
		expect(large.thumb.byteLength).toBeLessThan(large.image.byteLength);

		const small = await processPhoto(await canvas(120, 90).jpeg().toBuffer());
		expect(small).toMatchObject({ width: 120, height: 90 });
		expect(await sharp(small.thumb).metadata()).toMatchObject({ width: 120, height: 90 });
	});

	it('takes a PNG, its transparent parts on white', async () => {
		const input = await sharp({ create: { width: 50, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
			.png()
			.toBuffer();
		const photo = await processPhoto(input);
		expect(photo).toMatchObject({ width: 50, height: 40 });
		const { data } = await sharp(photo.image).raw().toBuffer({ resolveWithObject: true });
		expect(Math.min(...data.subarray(0, 3))).toBeGreaterThan(245);
	});

	it('takes WebP, and of an animated GIF only the first frame', async () => {
		expect(await processPhoto(await canvas(64, 48).webp().toBuffer())).toMatchObject({ width: 64, height: 48 });
		const frames = await Promise.all(['#f00', '#00f'].map((colour) => canvas(30, 20, colour).png().toBuffer()));
		const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
		expect((await sharp(gif).metadata()).pages).toBe(2);
		expect(await processPhoto(gif)).toMatchObject({ width: 30, height: 20 });
	});

	it('refuses what is not an image with 415', async () => {
		const text = new TextEncoder().encode('这不是照片 — just some text pretending to be a .jpg');
		await expect(processPhoto(text)).rejects.toMatchObject({ status: 415, key: 'error_photo_not_image' });
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
		await expect(processPhoto(svg)).rejects.toMatchObject({ status: 415 });
		const tiff = await canvas(10, 10).tiff().toBuffer();
		await expect(processPhoto(tiff)).rejects.toMatchObject({ status: 415 });
	});

	it('refuses a JPEG that starts right and then breaks off', async () => {
		const jpeg = await canvas(200, 200).jpeg().toBuffer();
		await expect(processPhoto(jpeg.subarray(0, 200))).rejects.toMatchObject({ status: 415 });
	});

	it('refuses an image that declares more pixels than the limit, before decoding it', async () => {
		const bomb = await pngDeclaring(20_000, 20_000);
		expect(20_000 * 20_000).toBeGreaterThan(photoInputPixels);
		expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(20_000);
		await expect(processPhoto(bomb)).rejects.toMatchObject({ status: 413, key: 'error_photo_too_many_pixels', params: { megapixels: 40 } });
	});
});

describe('sniffPhotoFormat', () => {
	it('names the accepted formats by their first bytes and nothing else', async () => {
		expect(sniffPhotoFormat(await canvas(2, 2).jpeg().toBuffer())).toBe('jpeg');
		expect(sniffPhotoFormat(await canvas(2, 2).png().toBuffer())).toBe('png');
		expect(sniffPhotoFormat(await canvas(2, 2).webp().toBuffer())).toBe('webp');
		expect(sniffPhotoFormat(await canvas(2, 2).gif().toBuffer())).toBe('gif');
		expect(sniffPhotoFormat(await canvas(2, 2).avif().toBuffer())).toBe('heif');
		expect(sniffPhotoFormat(new Uint8Array())).toBeNull();
		expect(sniffPhotoFormat(new TextEncoder().encode('GIF'))).toBeNull();
	});
});
