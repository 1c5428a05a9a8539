import { describe, expect, it } from 'vitest';
import { stageOf, timeByStage, type Frame } from '../../bench/sync/write-stages';

const ours = (name: string): Frame => ({ functionName: name, url: 'file:///work/dist-server/index.js' });
const lib = (name: string, pkg: string): Frame => ({ functionName: name, url: `file:///work/node_modules/${pkg}` });
const native = (name: string): Frame => ({ functionName: name, url: '' });
const received = [lib('onStreamRead', 'x'), ours('#dispatch'), ours('onUpdate'), ours('receive')];

describe('stages of a write in a CPU profile', () => {
	it('books the send inside a Yjs apply to the send, not to the apply', () => {
		const apply = [lib('applyUpdate', 'yjs/dist/yjs.mjs'), ours('applyAccepted'), ...received];
		expect(stageOf([native('writev'), ours('broadcast'), ...apply])).toBe('send to the other clients');
		expect(stageOf([lib('integrateStructs', 'yjs/dist/yjs.mjs'), ...apply])).toBe('Yjs apply');
	});

	it("finds plain's send by its package, not by the common name `send`", () => {
		expect(stageOf([lib('send', 'ws/lib/websocket.js'), lib('send', '@y/websocket-server/src/utils.js')])).toBe('send to the other clients');
		expect(stageOf([lib('send', 'ws/lib/websocket.js'), lib('onStreamRead', 'x')])).toBe('socket read, WebSocket framing');
	});

	it('tells the database woken on the core from the rest of the commit', () => {
		expect(stageOf([native('writeBuffer'), lib('nextWrite', 'postgres/src/connection.js'), ours('#commit')])).toBe('database woken on the core');
		expect(stageOf([lib('Bind', 'postgres/src/connection.js'), lib('handle', 'postgres/src/connection.js')])).toBe('commit (drizzle, postgres.js)');
		expect(stageOf([ours('#check'), ...received])).toBe('write check');
	});

	it('lets an unknown stack fall into "other", and sums every sample once', () => {
		expect(stageOf([ours('somethingRenamed')])).toBe('other');
		const times = timeByStage([
			{ stack: [native('(idle)')], micros: 700 },
			{ stack: [native('(garbage collector)')], micros: 100 },
			{ stack: [ours('checkUpdate'), ...received], micros: 150 },
			{ stack: [ours('somethingRenamed')], micros: 50 }
		]);
		expect(Object.fromEntries(times)).toMatchObject({ idle: 700, 'garbage collection': 100, 'write check': 150, other: 50, 'Yjs apply': 0 });
		expect([...times.values()].reduce((a, b) => a + b, 0)).toBe(1000);
	});
});
