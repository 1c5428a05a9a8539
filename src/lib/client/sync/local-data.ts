/**
 * Where a user's offline copies live in this browser: IndexedDB databases and localStorage
 * keys, all named `grid-dispatch:<userId>:…`, so signing out can remove exactly that user's.
 */
const appPrefix = 'grid-dispatch:';

export function userPrefix(userId: string): string {
	return `${appPrefix}${userId}:`;
}

/** The IndexedDB database holding one user's copy of one document. */
export function documentDatabaseName(userId: string, docName: string): string {
	return userPrefix(userId) + docName;
}

/** The IndexedDB database of one user's reports (matters): the unsent ones and the last fetched lists. */
export function mattersDatabaseName(userId: string): string {
	return `${userPrefix(userId)}matters`;
}

/** The localStorage key of the confirmation ledger of one user's copy of one document. */
export function ledgerKey(userId: string, docName: string): string {
	return `${userPrefix(userId)}${docName}:confirmed`;
}

/** Names we created, for browsers without `indexedDB.databases()`. */
function databaseListKey(userId: string): string {
	return `${userPrefix(userId)}databases`;
}

function readNames(storage: Storage, key: string): string[] {
	try {
		const list = JSON.parse(storage.getItem(key) ?? '[]');
		return Array.isArray(list) ? list.filter((name): name is string => typeof name === 'string') : [];
	} catch {
		return [];
	}
}

export function rememberDatabase(storage: Storage | null, userId: string, name: string): void {
	if (!storage) return;
	const key = databaseListKey(userId);
	const names = readNames(storage, key);
	if (names.includes(name)) return;
	try {
		storage.setItem(key, JSON.stringify([...names, name]));
	} catch {
		// Without the list, browsers that lack indexedDB.databases() cannot find this database at sign-out.
	}
}

/** The databases of `userId` among those the browser lists and those we remembered. */
export function databasesOfUser(userId: string, listed: readonly string[], remembered: readonly string[]): string[] {
	const prefix = userPrefix(userId);
	return [...new Set([...listed, ...remembered])].filter((name) => name.startsWith(prefix));
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve) => {
		const request = indexedDB.deleteDatabase(name);
		request.onsuccess = () => resolve();
		request.onerror = () => resolve();
		// Another tab still has it open; the deletion completes once that tab lets go of it.
		request.onblocked = () => resolve();
	});
}

/** Deletes one user's local copy of one document (closed first), to load it afresh from the server. */
export async function clearDocumentData(userId: string, docName: string): Promise<void> {
	if (typeof indexedDB !== 'undefined') await deleteDatabase(documentDatabaseName(userId, docName));
	if (typeof localStorage !== 'undefined') localStorage.removeItem(ledgerKey(userId, docName));
}

/** Deletes everything this app stored in this browser for `userId`. Called on sign-out. */
export async function clearLocalData(userId: string): Promise<void> {
	const storage = typeof localStorage === 'undefined' ? null : localStorage;
	const remembered = storage ? readNames(storage, databaseListKey(userId)) : [];
	let listed: string[] = [];
	if (typeof indexedDB !== 'undefined' && 'databases' in indexedDB) {
		listed = (await indexedDB.databases().catch(() => [])).flatMap((info) => (info.name ? [info.name] : []));
	}
	if (typeof indexedDB !== 'undefined') await Promise.all(databasesOfUser(userId, listed, remembered).map(deleteDatabase));
	if (!storage) return;
	const prefix = userPrefix(userId);
	const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter(
		(key): key is string => !!key?.startsWith(prefix)
	);
	for (const key of keys) storage.removeItem(key);
}
