/**
 * Sorts a CPU profile's samples into the stages of a write, so ours and plain can be compared
 * stage by stage: the part both servers do (read the socket, apply to the Y.Doc, send to the
 * other clients) and what only ours adds (the check, the projection, the commit, the database
 * woken on its core, the extra garbage).
 *
 * A sample belongs to the first stage whose rule matches its stack (leaf first). The rules name
 * functions of `server/sync/` and of `@y/websocket-server`: a renamed function lets its time fall
 * into "other", which the table shows, so a rename cannot hide time.
 */
export type Frame = { functionName: string; url: string };

export type Stage =
	| 'idle'
	| 'garbage collection'
	| 'database woken on the core'
	| 'send to the other clients'
	| 'write check'
	| 'Yjs apply'
	| 'commit (drizzle, postgres.js)'
	| 'projection, queueing'
	| 'socket read, WebSocket framing'
	| 'other';

const named = (stack: readonly Frame[], ...names: string[]) => stack.some((frame) => names.includes(frame.functionName));

const rules: [Stage, (stack: readonly Frame[]) => boolean][] = [
	['idle', (stack) => named(stack, '(idle)')],
	['garbage collection', (stack) => named(stack, '(garbage collector)')],
	// postgres.js writing to the socket: the kernel runs the woken backend on this core meanwhile.
	['database woken on the core', (stack) => stack[0]?.functionName === 'writeBuffer'],
	[
		'send to the other clients',
		(stack) => stack.some((frame) => frame.functionName === 'broadcast' || (frame.functionName === 'send' && frame.url.includes('websocket-server/src/utils')))
	],
	['write check', (stack) => named(stack, '#check', 'checkUpdate')],
	['Yjs apply', (stack) => stack.some((frame) => frame.functionName === 'applyUpdate' && frame.url.includes('yjs'))],
	[
		'commit (drizzle, postgres.js)',
		(stack) => stack.some((frame) => /postgres\/src|drizzle-orm/.test(frame.url)) || named(stack, '#commit', 'onStored', 'appendWrites')
	],
	['projection, queueing', (stack) => named(stack, 'projectWrites', 'receive')],
	['socket read, WebSocket framing', (stack) => named(stack, 'onStreamRead')],
	['other', () => true]
];

export const stages: readonly Stage[] = rules.map(([stage]) => stage);

export function stageOf(stack: readonly Frame[]): Stage {
	return rules.find(([, matches]) => matches(stack))![0];
}

/** Microseconds per stage, given each sample's stack (leaf first) and duration. */
export function timeByStage(samples: Iterable<{ stack: readonly Frame[]; micros: number }>): Map<Stage, number> {
	const times = new Map<Stage, number>(stages.map((stage) => [stage, 0]));
	for (const { stack, micros } of samples) {
		const stage = stageOf(stack);
		times.set(stage, times.get(stage)! + micros);
	}
	return times;
}
