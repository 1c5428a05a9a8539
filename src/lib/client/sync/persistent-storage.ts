let asked = false;

/**
 * Asks the browser once per page load not to evict our storage under pressure: the offline
 * copy may hold a liaison's unsent evening of work. Browsers decide silently or prompt.
 */
export function requestPersistentStorage(): void {
	if (asked) return;
	asked = true;
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (!storage?.persist) return;
	void (storage.persisted?.() ?? Promise.resolve(false))
		.then((persisted) => (persisted ? true : storage.persist()))
		.catch(() => false);
}
