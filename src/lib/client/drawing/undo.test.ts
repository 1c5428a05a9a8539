import { describe, expect, it } from 'vitest';
import { UndoStack } from './undo';

type Ring = [number, number][];

describe('UndoStack', () => {
	it('undoes edits newest first and never past the start', () => {
		const stack = new UndoStack<Ring>();
		stack.reset([[0, 0], [1, 0], [1, 1], [0, 0]]);
		expect(stack.canUndo).toBe(false);
		stack.push([[0, 0], [2, 0], [1, 1], [0, 0]]);
		stack.push([[0, 0], [2, 0], [2, 2], [0, 0]]);
		expect(stack.size).toBe(2);
		expect(stack.undo()).toEqual([[0, 0], [2, 0], [1, 1], [0, 0]]);
		expect(stack.undo()).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]]);
		expect(stack.canUndo).toBe(false);
		expect(stack.undo()).toBeUndefined();
		expect(stack.current).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]]);
	});

	it('does not record an unchanged state twice', () => {
		const stack = new UndoStack<Ring>();
		stack.reset([[0, 0]]);
		stack.push([[0, 0]]);
		expect(stack.canUndo).toBe(false);
		stack.push([[1, 0]]);
		stack.push([[1, 0]]);
		expect(stack.size).toBe(1);
	});

	it('keeps copies, so later changes to a pushed value do not rewrite history', () => {
		const stack = new UndoStack<Ring>();
		const start: Ring = [[0, 0]];
		stack.reset(start);
		start[0][0] = 9;
		const edit: Ring = [[1, 1]];
		stack.push(edit);
		edit[0][0] = 7;
		expect(stack.current).toEqual([[1, 1]]);
		expect(stack.undo()).toEqual([[0, 0]]);
	});

	it('drops the oldest edits beyond its limit but keeps the start', () => {
		const stack = new UndoStack<number>({ limit: 3 });
		stack.reset(0);
		for (let value = 1; value <= 5; value++) stack.push(value);
		expect(stack.size).toBe(2);
		expect(stack.undo()).toBe(4);
		expect(stack.undo()).toBe(0);
	});

	it('clear forgets the start as well', () => {
		const stack = new UndoStack<number>();
		stack.reset(1);
		stack.push(2);
		stack.clear();
		expect(stack.canUndo).toBe(false);
		expect(stack.current).toBeUndefined();
	});
});
