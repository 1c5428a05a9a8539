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
	if (source.doc) {
		const doc = source.doc;
		const signals = doc.getMap('signals');
		// What the document holds now is the baseline; a version appearing later is a change even
		// when there was none before (a community's first matter), at worst one refetch too many
		// when the document was still syncing.
		let known = mattersVersionOf(doc);
		const check = () => {
			const version = mattersVersionOf(doc);
			if (version === null || version === known) return;
			known = version;
			onchange(version);
		};
		signals.observe(check);
		return () => signals.unobserve(check);
	}
	// The stream's first message is the version at connection time: the baseline.
	let last: number | null = null;
	const seen = (version: number) => {
		if (version === last) return;
		const first = last === null;
		last = version;
		if (!first) onchange(version);
	};
	const events = new EventSource(`/api/communities/${encodeURIComponent(source.communityId)}/matters/version`);
	events.onmessage = (event) => {
		const version = Number(event.data);
		if (Number.isFinite(version)) seen(version);
	};
	return () => events.close();
}
