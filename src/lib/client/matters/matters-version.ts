import type * as Y from 'yjs';

/** `signals.mattersVersion` of a community document, or null before it has synced. */
export function mattersVersionOf(doc: Y.Doc): number | null {
	const value = doc.getMap('signals').get('mattersVersion');
	return typeof value === 'number' ? value : null;
}

export type MattersSource = {
	/** The live community document, for members and the street office. */
	doc: Y.Doc | null;
	/** Without a document (property companies): the server's event stream of this community. */
	communityId: string;
};

/**
 * Calls `onchange` whenever the community's matters changed: from the live document's
 * `signals.mattersVersion` when there is one, else from `GET /api/communities/:id/matters/version`
 * (server-sent events carrying the same number). Never polls. Returns the cleanup for an `$effect`.
 */
export function followMattersVersion(source: MattersSource, onchange: (version: number) => void): () => void {
	let last: number | null = null;
	const seen = (version: number | null) => {
		if (version === null || version === last) return;
		const first = last === null;
		last = version;
		if (!first) onchange(version);
	};
	if (source.doc) {
		const doc = source.doc;
		const signals = doc.getMap('signals');
		const check = () => seen(mattersVersionOf(doc));
		check();
		signals.observe(check);
		return () => signals.unobserve(check);
	}
	const events = new EventSource(`/api/communities/${encodeURIComponent(source.communityId)}/matters/version`);
	events.onmessage = (event) => {
		const version = Number(event.data);
		if (Number.isFinite(version)) seen(version);
	};
	return () => events.close();
}
