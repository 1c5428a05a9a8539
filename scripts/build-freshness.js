// When is the build older than what it is built from? Shared by `npm start` and the benchmarks.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sources = ['src', 'server', 'messages', 'static', 'drizzle', 'package.json', 'vite.config.ts', 'svelte.config.js'];

/** @param {string} target */
function newestMtime(target) {
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

/**
 * 'missing' when an output does not exist, 'stale' when one is older than the newest source,
 * null when the build is up to date.
 * @param {string[]} outputs
 * @returns {'missing' | 'stale' | null}
 */
export function buildState(outputs) {
	if (!outputs.every((file) => existsSync(file))) return 'missing';
	const builtAt = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
	return builtAt > Math.max(...sources.map(newestMtime)) ? null : 'stale';
}
