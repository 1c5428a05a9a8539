import { refusal, type HttpRefusal } from '../refusal';

const megabyte = 1024 * 1024;
export const jsonBodyLimit = 4 * megabyte;
export const uploadLimit = 20 * megabyte;
// Room for the multipart boundaries and the small form fields around the file.
const multipartOverhead = 256 * 1024;

const jsonTooLarge = () => refusal(413, 'error_json_too_large');
export const fileTooLarge = () => refusal(413, 'error_file_too_large');

/**
 * The body's bytes, or null when it is larger than `cap`. A body announced as too large is
 * not read at all; one that turns out too large is drained, so the client still gets our answer.
 */
async function readCapped(request: Request, cap: number): Promise<Uint8Array<ArrayBuffer> | null> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > cap) return null;
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size <= cap) chunks.push(value);
		}
	} catch (caught) {
		// adapter-node's own limit (BODY_SIZE_LIMIT) ends the stream with a 413.
		if ((caught as { status?: number }).status === 413) return null;
		throw caught;
	}
	if (size > cap) return null;
	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return bytes;
}

function mediaType(request: Request): string {
	return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** A JSON write's body (at most `limit` bytes). Only `application/json`, which a cross-site form cannot send. */
export async function readJsonBody(request: Request, limit = jsonBodyLimit): Promise<unknown> {
	if (mediaType(request) !== 'application/json') {
		throw refusal(415, 'error_json_content_type');
	}
	const bytes = await readCapped(request, limit);
	if (!bytes) throw jsonTooLarge();
	try {
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		throw refusal(400, 'error_json_invalid');
	}
}

export type Upload = { fileName: string; bytes: Uint8Array; fields: FormData };

/** How large the file of an upload may be, and the refusal that says so. */
export type UploadCap = { bytes: number; tooLarge: () => HttpRefusal };

const spreadsheetCap: UploadCap = { bytes: uploadLimit, tooLarge: fileTooLarge };

/** A multipart form whose files together are at most about `cap.bytes` (the body is read capped). */
export async function readMultipartForm(request: Request, cap: UploadCap): Promise<FormData> {
	const type = mediaType(request);
	if (type !== 'multipart/form-data') {
		throw refusal(415, 'error_multipart_content_type');
	}
	const bytes = await readCapped(request, cap.bytes + multipartOverhead);
	if (!bytes) throw cap.tooLarge();
	try {
		return await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type')! } }).formData();
	} catch {
		throw refusal(400, 'error_form_unreadable');
	}
}

/** A multipart upload with one file in the field `file` (by default at most 20 MB) and small form fields. */
export async function readUpload(request: Request, cap: UploadCap = spreadsheetCap): Promise<Upload> {
	const fields = await readMultipartForm(request, cap);
	const file = fields.get('file');
	if (!(file instanceof File)) {
		throw refusal(400, 'error_file_missing');
	}
	if (file.size > cap.bytes) throw cap.tooLarge();
	if (file.size === 0) throw refusal(400, 'error_file_empty');
	return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), fields };
}

/** A small text field of an upload form, or null when absent or blank. */
export function formText(fields: FormData, name: string): string | null {
	const value = fields.get(name);
	return typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : null;
}

/** `apply=1` saves; anything else asks for a preview that changes nothing. */
export function wantsApply(fields: FormData): boolean {
	return ['1', 'true'].includes(formText(fields, 'apply') ?? '');
}
