/** What went wrong on the clients' side of one generator run, counted rather than logged. */
export const incidents = {
	closeCodes: {} as Record<string, number>,
	/** Refusals by code (the first word of a permission-denied reason). */
	refusals: {} as Record<string, number>,
	refusalExamples: [] as string[],
	/** Set before the generator closes its own sockets, so those closes are not counted. */
	closing: false
};

function bump(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

export function countClose(code: number): void {
	if (!incidents.closing) bump(incidents.closeCodes, String(code));
}

export function countRefusal(reason: string): void {
	bump(incidents.refusals, reason.split(' ')[0] || 'unknown');
	if (incidents.refusalExamples.length < 5) incidents.refusalExamples.push(reason);
}
