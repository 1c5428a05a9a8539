import { Unzip, UnzipInflate, UnzipPassThrough, unzipSync } from 'fflate';

/** Why an archive was refused before anything read it: too big once expanded, or too many rows. */
export class ArchiveRefusal extends Error {
	constructor(
		readonly reason: 'too-large' | 'too-many-rows' | 'unreadable',
		message: string
	) {
		super(message);
	}
}

export type ZipLimits = { maxEntries: number; maxExpandedBytes: number; maxSheetRows: number };

const worksheet = /^xl\/worksheets\/[^/]+\.xml$/;
const rowOpen = [0x3c, 0x72, 0x6f, 0x77]; // "<row"
const afterTagName = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e, 0x2f]); // space, tab, newline, >, /

/** Counts `<row …>` tags across chunks (a tag may be split between two). */
class RowCounter {
	rows = 0;
	#matched = 0;
	push(chunk: Uint8Array): void {
		for (const byte of chunk) {
			if (this.#matched === rowOpen.length) {
				if (afterTagName.has(byte)) this.rows++;
				this.#matched = 0;
			}
			if (byte === rowOpen[this.#matched]) this.#matched++;
			else this.#matched = byte === rowOpen[0] ? 1 : 0;
		}
	}
}

/**
 * Checks a zip (an .xlsx) before any reader unpacks it: the sizes its central directory
 * declares, then the real sizes while inflating the entries one after another, as a streaming
 * reader will (a header may lie), stopping as soon as a bound is passed. Worksheet rows are
 * counted on the way. Throws ArchiveRefusal; memory stays at one chunk.
 */
export function checkZipBounds(bytes: Uint8Array, limits: ZipLimits, messages: Record<ArchiveRefusal['reason'], string>): void {
	const refuse = (reason: ArchiveRefusal['reason']) => new ArchiveRefusal(reason, messages[reason]);
	let entries = 0;
	let declared = 0;
	try {
		unzipSync(bytes, {
			filter(file) {
				entries++;
				declared += file.originalSize;
				return false;
			}
		});
	} catch {
		throw refuse('unreadable');
	}
	if (entries > limits.maxEntries || declared > limits.maxExpandedBytes) throw refuse('too-large');

	let expanded = 0;
	let failure: ArchiveRefusal | null = null;
	const unzip = new Unzip((file) => {
		const counter = worksheet.test(file.name) ? new RowCounter() : null;
		file.ondata = (error, chunk) => {
			if (failure) return;
			if (error) failure = refuse('unreadable');
			else if ((expanded += chunk.length) > limits.maxExpandedBytes) failure = refuse('too-large');
			else if (counter && (counter.push(chunk), counter.rows > limits.maxSheetRows)) failure = refuse('too-many-rows');
			if (failure) file.terminate();
		};
		file.start();
	});
	unzip.register(UnzipInflate);
	unzip.register(UnzipPassThrough);
	// Fed in slices so a refusal stops the work early instead of after the whole file.
	const slice = 64 * 1024;
	try {
		for (let offset = 0; offset < bytes.length && !failure; offset += slice) {
			unzip.push(bytes.subarray(offset, offset + slice), offset + slice >= bytes.length);
		}
	} catch {
		failure ??= refuse('unreadable');
	}
	if (failure) throw failure;
}
