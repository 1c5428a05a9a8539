import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { followMattersVersion } from './matters-version';

const bump = (doc: Y.Doc, version: number) => doc.getMap('signals').set('mattersVersion', version);

describe('following the matters version of the live document', () => {
	it('what the document holds when following starts is no change; every later version is one', () => {
		const doc = new Y.Doc();
		bump(doc, 5);
		const seen: number[] = [];
		const stop = followMattersVersion({ doc, communityId: 'c' }, (v) => seen.push(v));
		doc.getMap('signals').set('structureVersion', 9);
		bump(doc, 6);
		bump(doc, 6);
		bump(doc, 7);
		stop();
		bump(doc, 8);
		expect(seen).toEqual([6, 7]);
	});

	it("a community's first matter is a change too: the version appears where there was none", () => {
		const doc = new Y.Doc();
		const seen: number[] = [];
		const stop = followMattersVersion({ doc, communityId: 'c' }, (v) => seen.push(v));
		bump(doc, 1);
		stop();
		expect(seen).toEqual([1]);
	});
});
