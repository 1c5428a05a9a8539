import { count, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, database, db, openDatabase } from '../../src/lib/server/db';
import { buildings, communities, grids, households, memberships, microGrids, users } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

let testDb: TestDatabase;
beforeAll(async () => {
	testDb = await createTestDatabase(undefined, { empty: true });
	openDatabase(testDb.config);
});
afterAll(async () => {
	await closeDatabase();
	await testDb?.drop();
});

const countOf = async (table: PgTable) => {
	const [{ n }] = await db().select({ n: count() }).from(table);
	return n;
};

describe('migrations and demo seed', () => {
	it('apply on an empty database', async () => {
		await database().migrate();
		const result = await db().execute(sql`select count(*)::int as n from users`);
		const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
		expect(rows[0].n).toBe(0);
	});

	it('seed the demo community once with the documented counts', async () => {
		expect(await seedDemo()).toBe(true);
		expect(await countOf(communities)).toBe(1);
		expect(await countOf(grids)).toBe(5);
		expect(await countOf(microGrids)).toBe(31);
		expect(await countOf(buildings)).toBe(45);
		const householdCount = await countOf(households);
		expect(householdCount).toBeGreaterThanOrEqual(2700);
		expect(householdCount).toBeLessThanOrEqual(2900);
		expect(await countOf(users)).toBe(40);
		const roles = await db().select({ role: memberships.role, n: count() }).from(memberships).groupBy(memberships.role);
		expect(Object.fromEntries(roles.map((r) => [r.role, r.n]))).toEqual({
			secretary: 1,
			chief: 5,
			liaison: 31,
			property: 2,
			street: 1
		});
	});

	it('does nothing the second time', async () => {
		const before = await countOf(households);
		expect(await seedDemo()).toBe(false);
		expect(await countOf(households)).toBe(before);
		expect(await countOf(users)).toBe(40);
	});

	it('applies migrations again without harm', async () => {
		await database().migrate();
		expect(await countOf(buildings)).toBe(45);
	});
});
