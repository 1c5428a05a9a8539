/**
 * Where each client goes. A document's clients all stay in one generator process, so its
 * latency is timed on one clock; over several instances of our server, its writers share
 * one instance and its readers go round robin over the others, so every delivery to a
 * reader crosses Redis.
 */

/** The instance client `slot` of document `docIndex` connects to. */
export function instanceOfClient(docIndex: number, slot: number, writersPerDoc: number, instances: number): number {
	const writersInstance = docIndex % instances;
	if (instances === 1 || slot < writersPerDoc) return writersInstance;
	const reader = slot - writersPerDoc;
	return (writersInstance + 1 + (reader % (instances - 1))) % instances;
}

/** The documents (by index) each generator process holds: round robin, so sizes differ by at most one. */
export function splitDocs(docCount: number, generators: number): number[][] {
	const groups: number[][] = Array.from({ length: generators }, () => []);
	for (let index = 0; index < docCount; index++) groups[index % generators].push(index);
	return groups;
}
