import { spawnSync } from 'node:child_process';
import { buildState } from '../../scripts/build-freshness.js';

/** Runs `npm run build` when our server's build is missing or older than its sources (the rule `npm start` follows). */
export function buildOursIfNeeded(): void {
	const state = buildState(['build/handler.js', 'dist-server/index.js']);
	if (!state) return;
	console.log(state === 'stale' ? 'Our server changed since its last build; rebuilding…' : 'Building our server…');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}
