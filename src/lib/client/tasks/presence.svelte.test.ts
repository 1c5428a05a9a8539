import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { announceTaskView, taskViewers } from './presence.svelte';

describe('taskViewers', () => {
	const states = new Map<number, Record<string, unknown>>([
		[1, { view: 'task', taskId: 't1', userId: 'u-li' }],
		[2, { view: 'task', taskId: 't1', userId: 'u-li' }],
		[3, { view: 'task', taskId: 't2', userId: 'u-wang' }],
		[4, { view: 'task', taskId: 't1', userId: 'me' }],
		[5, { view: 'task', taskId: 't1' }],
		[6, { view: 'map', taskId: 't1', userId: 'u-zhang' }],
		[7, { userId: 'u-zhao' }]
	]);

	it('lists each other user on this task once, trusting only the stamped userId', () => {
		expect(taskViewers(states, 't1', 'me')).toEqual(['u-li']);
		expect(taskViewers(states, 't2', 'me')).toEqual(['u-wang']);
		expect(taskViewers(states, 't3', 'me')).toEqual([]);
	});
});

describe('announceTaskView', () => {
	it('adds the task to the local state and takes it back, keeping other fields', () => {
		const awareness = new Awareness(new Y.Doc());
		awareness.setLocalState({ cursor: 3 });
		const leave = announceTaskView(awareness, 't1');
		expect(awareness.getLocalState()).toEqual({ cursor: 3, view: 'task', taskId: 't1' });
		leave();
		expect(awareness.getLocalState()).toEqual({ cursor: 3 });
		awareness.destroy();
	});

	it('leaves a state that moved on to another task alone', () => {
		const awareness = new Awareness(new Y.Doc());
		const leaveFirst = announceTaskView(awareness, 't1');
		announceTaskView(awareness, 't2');
		leaveFirst();
		expect(awareness.getLocalState()).toEqual({ view: 'task', taskId: 't2' });
		awareness.destroy();
	});
});
