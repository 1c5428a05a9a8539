import { error, fail, json } from '@sveltejs/kit';
import type { GeometryProblemKey } from '../domain/geometry';
import type { HouseholdListProblemKey, LedgerProblemKey } from '../domain/household-ledger';
import type { Problem } from '../domain/problem';
import * as m from '../paraglide/messages';

type Messages = typeof m;
/** The message keys a refusal may name: the catalogue's `error_*` entries. */
export type RefusalKey = Extract<keyof Messages, `error_${string}`>;
type Inputs<K extends RefusalKey> = Parameters<Messages[K]>[0];
/** A key's parameters; optional for a message that has none. */
type ParamsArg<K extends RefusalKey> = {} extends NonNullable<Inputs<K>> ? [params?: Inputs<K>] : [params: Inputs<K>];

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429;
export type Locale = 'zh-CN' | 'en';

type Render = (inputs: Record<string, unknown>, options?: { locale?: Locale }) => string;

/** The message keys domain code names in its problems (geometry, household lists, ledgers). */
export type ProblemKey = GeometryProblemKey | HouseholdListProblemKey | LedgerProblemKey;
// Fails to compile when the domain names a key the catalogue lacks.
const problemMessages: Record<ProblemKey, unknown> = m;

const isProblem = (value: unknown): value is Problem<ProblemKey> =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Problem).key === 'string' && (value as Problem).key in problemMessages;

/**
 * Message parameters as text: a domain problem among them rendered in the same language, a
 * list joined with the language's separator; the rest as they are.
 */
function renderParams(params: Record<string, unknown>, locale?: Locale): Record<string, unknown> {
	const options = locale ? { locale } : {};
	return Object.fromEntries(
		Object.entries(params).map(([name, value]) => [
			name,
			isProblem(value) ? problemText(value, locale) : Array.isArray(value) ? value.join(m.list_separator({}, options)) : value
		])
	);
}

/** A domain problem in the given locale, by default the request's. */
export function problemText(problem: Problem<ProblemKey>, locale?: Locale): string {
	const message = problemMessages[problem.key] as Render;
	return message(renderParams(problem.params, locale), locale ? { locale } : {});
}

/**
 * An expected refusal of a request: its status, a message key of the catalogue (with its
 * parameters), and what else the client needs to show it (`problems`, row `errors`…). The
 * text is rendered only when answering, in the request's language (Paraglide's locale); a
 * parameter may be a domain problem (`{ key, params }`), rendered in the same language.
 */
export class HttpRefusal<K extends RefusalKey = RefusalKey> extends Error {
	readonly params: Record<string, unknown>;

	constructor(
		readonly status: RefusalStatus,
		readonly key: K,
		params?: Inputs<K>,
		readonly extra: Record<string, unknown> = {}
	) {
		super(key);
		this.params = (params ?? {}) as Record<string, unknown>;
	}

	/** The message in the given locale, by default the request's. */
	text(locale?: Locale): string {
		const message = m[this.key] as Render;
		return message(renderParams(this.params, locale), locale ? { locale } : {});
	}
}

/** `new HttpRefusal(…)` with the parameters checked against the key, and no `extra`. */
export function refusal<K extends RefusalKey>(status: RefusalStatus, key: K, ...[params]: ParamsArg<K>): HttpRefusal<K> {
	return new HttpRefusal(status, key, params);
}

/** What a client reads: `error` is the text to show, `code` the key to test against. */
export function refusalBody(refused: HttpRefusal, locale?: Locale): Record<string, unknown> {
	return { ...refused.extra, error: refused.text(locale), code: refused.key };
}

/**
 * Reads and drops a body the endpoint refused before reading: an unread upload stalls the
 * connection (the client waits to finish sending) instead of letting it see the answer.
 */
export async function discardBody(request: Request): Promise<void> {
	if (!request.body || request.bodyUsed) return;
	try {
		const reader = request.body.getReader();
		while (!(await reader.read()).done);
	} catch {
		// adapter-node's own size limit ends the stream; the answer is ours all the same.
	}
}

/** The JSON answer of a refusal; give it the request when its body may still be unread. */
export async function refusalResponse(refused: HttpRefusal, request?: Request): Promise<Response> {
	if (request) await discardBody(request);
	return json(refusalBody(refused), { status: refused.status });
}

/**
 * Runs an endpoint's work; refusals become `{ error, code, … }` JSON with their status.
 * Give it the request when the endpoint takes a body, so a refusal can drop what is left of it.
 */
export async function answer(work: () => Promise<Response>, request?: Request): Promise<Response> {
	try {
		return await work();
	} catch (caught) {
		if (caught instanceof HttpRefusal) return refusalResponse(caught, request);
		throw caught;
	}
}

/** Form actions: the refusal as a failure the form shows (`message`, as every form here reads it). */
export function refusalFailure(refused: HttpRefusal, keep: Record<string, unknown> = {}) {
	return fail(refused.status, { ...keep, message: refused.text(), code: refused.key });
}

/** Pages and loads: the refusal as SvelteKit's error page, with `status` in place of its own when given. */
export function refusalPage(refused: HttpRefusal, status: number = refused.status): never {
	error(status, refused.text());
}
