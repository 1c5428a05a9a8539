// `npm start`: builds when the build is missing or older than the sources, then runs
// the server. `npm run setup -- …` does the same for the first-community CLI.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildState } from './build-freshness.js';

function buildIfNeeded() {
	const state = buildState(['build/handler.js', 'dist-server/index.js', 'dist-server/setup.js']);
	if (!state) return;
	console.log(state === 'stale' ? 'Sources changed since the last build; rebuilding…' : 'Building 网格通 (first start)…');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfNeeded();
const setup = process.argv.includes('--setup');
const args = process.argv.slice(2).filter((arg) => arg !== '--setup');
// The demo community gets a few sample matters on its first start (tests start without them).
if (!setup) process.env.DEMO_SAMPLES ??= '1';
const entry = setup ? 'dist-server/setup.js' : 'dist-server/index.js';
process.argv = [process.argv[0], path.resolve(entry), ...args];
await import(pathToFileURL(path.resolve(entry)).href);
