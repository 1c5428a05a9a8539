import { describe, expect, it } from 'vitest';
import { databasesOfUser, documentDatabaseName, ledgerKey, mattersDatabaseName, rememberDatabase, userPrefix } from './local-data';

function memoryStorage(): Storage {
	const items = new Map<string, string>();
	return {
		get length() {
			return items.size;
		},
		key: (index) => [...items.keys()][index] ?? null,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key),
		clear: () => items.clear()
	};
}

describe('local data names', () => {
	it('keys databases and ledgers by user and document', () => {
		expect(documentDatabaseName('u1', 'community:c1')).toBe('grid-dispatch:u1:community:c1');
		expect(ledgerKey('u1', 'community:c1').startsWith(userPrefix('u1'))).toBe(true);
		expect(documentDatabaseName('u1', 'community:c1')).not.toBe(documentDatabaseName('u2', 'community:c1'));
	});

	it("keeps a user's reports under their prefix, so sign-out deletes them with the rest", () => {
		expect(databasesOfUser('u1', [mattersDatabaseName('u1'), mattersDatabaseName('u2')], [])).toEqual([mattersDatabaseName('u1')]);
	});

	it("finds one user's databases among listed and remembered names, and nobody else's", () => {
		const mine = documentDatabaseName('u1', 'community:c1');
		const older = documentDatabaseName('u1', 'community:c0');
		const theirs = documentDatabaseName('u11', 'community:c1');
		expect(databasesOfUser('u1', [mine, theirs, 'other-app'], [older, mine]).sort()).toEqual([older, mine].sort());
	});

	it('remembers each database once', () => {
		const storage = memoryStorage();
		rememberDatabase(storage, 'u1', 'grid-dispatch:u1:community:c1');
		rememberDatabase(storage, 'u1', 'grid-dispatch:u1:community:c1');
		expect(storage.length).toBe(1);
		expect(JSON.parse(storage.getItem(storage.key(0)!)!)).toEqual(['grid-dispatch:u1:community:c1']);
	});
});
