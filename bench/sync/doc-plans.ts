// The documents and sign-ins a benchmark's clients use: real ones in our server's database, or
// made-up ones for the servers that check nothing. Shared by the sync and idle benchmarks.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchDatabase } from './ours-database';
import { clientsOfDoc } from './options';
import type { DocPlan } from './plan';

export type PlanSize = { clients: number; docs: number; writersPerDoc: number };

function randomId(): string {
	return randomBytes(10).toString('hex');
}

/** Plain and Hocuspocus check nothing, so made-up names and tokens do. */
export function syntheticPlan(size: PlanSize): DocPlan[] {
	return Array.from({ length: size.docs }, (_, index) => ({
		name: `community:${randomId()}`,
		userId: randomId(),
		buildingIds: Array.from({ length: size.writersPerDoc }, randomId),
		tokens: Array.from({ length: clientsOfDoc(size, index) }, randomId)
	}));
}

/** Fills our server's database through `ours-setup.ts` (a process of its own) and returns its plan. */
export function setUpOurData(size: PlanSize, database: BenchDatabase): DocPlan[] {
	const dir = mkdtempSync(path.join(tmpdir(), 'grid-bench-plan-'));
	const out = path.join(dir, 'plan.json');
	try {
		const args = ['--clients', size.clients, '--docs', size.docs, '--writers', size.writersPerDoc, '--out', out];
		const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/sync/ours-setup.ts', ...args.map(String)], {
			env: { ...process.env, ...database.env, DEMO: '0' },
			stdio: 'inherit'
		});
		if (result.status !== 0) throw new Error(`preparing our data failed (exit ${result.status})`);
		return JSON.parse(readFileSync(out, 'utf8')) as DocPlan[];
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
