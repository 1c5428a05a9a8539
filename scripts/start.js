// `npm start`: builds when the build is missing or older than the sources, then runs
// the server. `npm run setup -- …` does the same for the first-community CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const outputs = ['build/handler.js', 'dist-server/index.js', 'dist-server/setup.js'];
const sources = ['src', 'server', 'messages', 'static', 'drizzle', 'package.json', 'vite.config.ts', 'svelte.config.js'];

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

function buildIfNeeded() {
	const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
	const changedAt = Math.max(...sources.map(newestMtime));
	if (builtAt > changedAt) return;
	console.log(builtAt ? 'Sources changed since the last build; rebuilding…' : 'Building 网格通 (first start)…');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfNeeded();
const setup = process.argv.includes('--setup');
const args = process.argv.slice(2).filter((arg) => arg !== '--setup');
const entry = setup ? 'dist-server/setup.js' : 'dist-server/index.js';
process.argv = [process.argv[0], path.resolve(entry), ...args];
await import(pathToFileURL(path.resolve(entry)).href);
