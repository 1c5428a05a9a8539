/** A fresh task id: `t` and 16 hex digits from the platform's random source (browser or Node). */
export function newTaskId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	return 't' + Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
