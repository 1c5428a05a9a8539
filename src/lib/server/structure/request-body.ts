import { StructureError } from './errors';

const megabyte = 1024 * 1024;
export const jsonBodyLimit = 4 * megabyte;
export const uploadLimit = 20 * megabyte;
// Room for the multipart boundaries and the small form fields around the file.
const multipartOverhead = 256 * 1024;

const jsonTooLarge = () =>
	new StructureError(413, '请求内容超过 4 MB。 The request body is larger than 4 MB.');
export const fileTooLarge = () =>
	new StructureError(413, '文件超过 20 MB，请拆分后再上传。 The file is larger than 20 MB; split it and upload the parts.');

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

/** A JSON write's body. Only `application/json`, which a cross-site form cannot send. */
export async function readJsonBody(request: Request): Promise<unknown> {
	if (mediaType(request) !== 'application/json') {
		throw new StructureError(415, '请以 JSON 发送（content-type: application/json）。 Send the body as JSON (content-type: application/json).');
	}
	const bytes = await readCapped(request, jsonBodyLimit);
	if (!bytes) throw jsonTooLarge();
	try {
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		throw new StructureError(400, '请求内容不是有效的 JSON。 The request body is not valid JSON.');
	}
}

export type Upload = { fileName: string; bytes: Uint8Array; fields: FormData };

/** A multipart upload with one file in the field `file` (at most 20 MB) and small form fields. */
export async function readUpload(request: Request): Promise<Upload> {
	const type = mediaType(request);
	if (type !== 'multipart/form-data') {
		throw new StructureError(415, '请以表单上传文件（multipart/form-data）。 Upload the file as multipart/form-data.');
	}
	const bytes = await readCapped(request, uploadLimit + multipartOverhead);
	if (!bytes) throw fileTooLarge();
	let fields: FormData;
	try {
		fields = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type')! } }).formData();
	} catch {
		throw new StructureError(400, '上传的表单无法读取。 The uploaded form could not be read.');
	}
	const file = fields.get('file');
	if (!(file instanceof File)) {
		throw new StructureError(400, '请选择要上传的文件（字段 file）。 Choose a file to upload (field "file").');
	}
	if (file.size > uploadLimit) throw fileTooLarge();
	if (file.size === 0) throw new StructureError(400, '上传的文件是空的。 The uploaded file is empty.');
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
