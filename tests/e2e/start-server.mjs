// Starts the built server (dist-server/index.js) for Playwright on a fresh, empty
// PGlite data dir, so every e2e run migrates and seeds the demo community anew.
// The data dir is removed when the process exits (SIGTERM from Playwright included).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const port = process.env.E2E_PORT ?? '4319';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-dispatch-e2e-'));

// Always the embedded database on the fresh dir, always demo data, plain http on loopback.
delete process.env.DATABASE_URL;
delete process.env.REDIS_URL;
delete process.env.ORIGIN;
process.env.DATA_DIR = dataDir;
process.env.PORT = port;
process.env.HOST = '127.0.0.1';
process.env.DEMO = '1';
// Group robots and push endpoints may point at the specs' loopback fakes (any port of 127.0.0.1).
process.env.NOTIFY_ALLOWED_HOSTS = [process.env.NOTIFY_ALLOWED_HOSTS, '127.0.0.1'].filter(Boolean).join(',');

let removed = false;
function removeDataDir() {
	if (removed) return;
	removed = true;
	try {
		fs.rmSync(dataDir, { recursive: true, force: true });
	} catch (error) {
		console.error(`[e2e] could not remove ${dataDir}:`, error);
	}
}
process.on('exit', removeDataDir);

// The server installs its own SIGTERM/SIGINT handlers once it is listening; they close
// the database and call process.exit, which runs removeDataDir above. If a signal comes
// before that (still migrating/seeding), nobody else handles it, so we exit ourselves.
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
	process.on(signal, () => {
		if (process.listenerCount(signal) <= 1) process.exit(0);
		setTimeout(() => process.exit(1), 12_000).unref();
	});
}

console.log(`[e2e] DATA_DIR=${dataDir} PORT=${port}`);
await import('../../dist-server/index.js');
