import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// The same rule `npm start` follows (scripts/start.js).
const outputs = ['build/handler.js', 'dist-server/index.js'];
const sources = ['src', 'server', 'messages', 'static', 'drizzle', 'package.json', 'vite.config.ts', 'svelte.config.js'];

function newestMtime(target: string): number {
	if (!existsSync(target)) return 0;
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(target)) {
		if (entry === 'paraglide') continue; // generated during the build itself
		newest = Math.max(newest, newestMtime(path.join(target, entry)));
	}
	return newest;
}

export function oursIsBuilt(): boolean {
	return outputs.every((file) => existsSync(file));
}

/** Runs `npm run build` when our server's build is missing or older than its sources. */
export function buildOursIfNeeded(): void {
	const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
	if (builtAt > Math.max(...sources.map(newestMtime))) return;
	console.log(builtAt ? 'Our server changed since its last build; rebuilding…' : 'Building our server…');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}
