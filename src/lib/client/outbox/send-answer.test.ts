import { describe, expect, it } from 'vitest';
import { answerKind, answerOf, refusalOf } from './send-answer';

const isId = (value: unknown): value is { id: string } =>
	typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';

describe('answerKind', () => {
	it('is done on 2xx, refused on a 4xx that decided, and tried again otherwise', () => {
		expect([200, 201].map(answerKind)).toEqual(['ok', 'ok']);
		expect([400, 403, 404, 409, 413, 415, 422].map(answerKind)).toEqual(Array(7).fill('refused'));
		expect([0, 302, 401, 408, 425, 429, 500, 502, 503].map(answerKind)).toEqual(Array(9).fill('retry'));
	});
});

describe('refusalOf', () => {
	it("keeps the server's message and code", () => {
		expect(refusalOf(403, { error: '您只能上报自己负责范围内的问题。', code: 'matter-report-forbidden' })).toEqual({
			status: 403,
			message: '您只能上报自己负责范围内的问题。',
			code: 'matter-report-forbidden'
		});
	});

	it('words a refusal without a JSON body by its status', () => {
		const tooLarge = refusalOf(413, '<html>413</html>');
		expect(tooLarge.code).toBeNull();
		expect(tooLarge.message).not.toBe('');
		expect(refusalOf(415, null).message).not.toBe(tooLarge.message);
		expect(refusalOf(400, { error: '  ' }).message).toContain('400');
	});
});

describe('answerOf', () => {
	it('passes a body of the promised shape', () => {
		expect(answerOf(201, { id: 'm1' }, isId)).toEqual({ kind: 'ok', body: { id: 'm1' } });
	});

	it('tries again after a 2xx with a strange body, a 5xx or no answer', () => {
		expect(answerOf(200, { nope: 1 }, isId).kind).toBe('retry');
		expect(answerOf(503, null, isId)).toEqual({ kind: 'retry', reason: 'HTTP 503' });
		expect(answerOf(0, null, isId).kind).toBe('retry');
	});

	it('reports a refusal', () => {
		expect(answerOf(415, { error: '不是图片', code: 'photo-type' }, isId)).toEqual({
			kind: 'refused',
			refusal: { status: 415, message: '不是图片', code: 'photo-type' }
		});
	});
});
