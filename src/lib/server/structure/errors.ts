import { json } from '@sveltejs/kit';

/**
 * An expected refusal of a structure request: its status, a bilingual message a person can act
 * on ('中文。 English.'), and anything else the client needs to show it (problems, row errors).
 */
export class StructureError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415,
		message: string,
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
	}
}

export const notFound = (what: string, whatEn: string) =>
	new StructureError(404, `找不到该${what}。 No such ${whatEn}.`);

export const mayNotEdit = () =>
	new StructureError(403, '你没有权限修改这里的网格结构。 You may not change the structure here.');

export const badRequest = (message: string, extra: Record<string, unknown> = {}) =>
	new StructureError(400, message, extra);

export const nothingToChange = () => badRequest('请求中没有要修改的内容。 The request changes nothing.');

/**
 * Reads and drops a body the endpoint refused before reading: an unread upload stalls the
 * connection (the client waits to finish sending) instead of letting it see the answer.
 */
async function discardBody(request: Request): Promise<void> {
	if (!request.body || request.bodyUsed) return;
	try {
		const reader = request.body.getReader();
		while (!(await reader.read()).done);
	} catch {
		// adapter-node's own size limit ends the stream; the answer is ours all the same.
	}
}

/**
 * Runs an endpoint's work; expected refusals become `{ error, … }` JSON with their status.
 * Give it the request when the endpoint takes a body, so a refusal can drop what is left of it.
 */
export async function answer(work: () => Promise<Response>, request?: Request): Promise<Response> {
	try {
		return await work();
	} catch (caught) {
		if (caught instanceof StructureError) {
			if (request) await discardBody(request);
			return json({ error: caught.message, ...caught.extra }, { status: caught.status });
		}
		throw caught;
	}
}
