// Starts two instances of the built server (dist-server/index.js) for the `chromium-pg-redis`
// project: one fresh PostgreSQL database on the server of TEST_DATABASE_URL, one fresh key prefix
// on REDIS_URL, demo data. Instance A migrates and seeds; B starts only once A is healthy, so the
// demo is seeded once. On SIGTERM (from Playwright) both stop, then the database is dropped and
// the run's Redis keys deleted.
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import postgres from 'postgres';

function required(name) {
	const value = process.env[name];
	if (!value) throw new Error(`${name} must be set for the PostgreSQL + Redis end-to-end pass`);
	return value;
}

const adminUrl = required('TEST_DATABASE_URL');
const redisUrl = required('REDIS_URL');
const ports = [required('E2E_PORT_A'), required('E2E_PORT_B')];
const runId = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const databaseName = `grid_e2e_${runId}`;
const redisPrefix = `grid-dispatch-e2e-${runId}:`;

const admin = () => postgres(adminUrl, { max: 1, onnotice: () => {} });
async function onAdmin(sql) {
	const connection = admin();
	try {
		await connection.unsafe(sql);
	} finally {
		await connection.end();
	}
}

const databaseUrl = new URL(adminUrl);
databaseUrl.pathname = `/${databaseName}`;
await onAdmin(`create database ${databaseName}`);
console.log(`[e2e pg+redis] database ${databaseName}, Redis prefix ${redisPrefix}, ports ${ports.join(' and ')}`);

// Plain http on loopback, never the embedded database.
const serverEnv = { ...process.env, DATABASE_URL: databaseUrl.toString(), REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix, DEMO: '1', HOST: '127.0.0.1' };
delete serverEnv.ORIGIN;
delete serverEnv.DATA_DIR;

/** @type {import('node:child_process').ChildProcess[]} */
const instances = [];
let stopping = false;

function startInstance(port, label) {
	const child = spawn(process.execPath, ['dist-server/index.js'], { env: { ...serverEnv, PORT: port }, stdio: ['ignore', 'inherit', 'inherit'] });
	child.once('exit', (code, signal) => {
		if (stopping) return;
		console.error(`[e2e pg+redis] instance ${label} exited (${signal ?? code}) before the run ended`);
		void stop(1);
	});
	instances.push(child);
	return child;
}

async function waitHealthy(port, label) {
	const deadline = Date.now() + 90_000;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(`http://127.0.0.1:${port}/healthz`);
			if (response.ok && (await response.json()).redis === 'on') return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`instance ${label} on port ${port} did not report healthy with Redis on within 90 s`);
}

async function deleteRedisKeys() {
	const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
	try {
		await redis.connect();
		let cursor = '0';
		do {
			const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 500);
			if (keys.length > 0) await redis.del(...keys);
			cursor = next;
		} while (cursor !== '0');
	} finally {
		redis.disconnect();
	}
}

async function stop(code) {
	if (stopping) return;
	stopping = true;
	await Promise.all(
		instances.map(
			(child) =>
				new Promise((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
					const kill = setTimeout(() => child.kill('SIGKILL'), 12_000);
					child.once('exit', () => {
						clearTimeout(kill);
						resolve(undefined);
					});
					child.kill('SIGTERM');
				})
		)
	);
	for (const [what, cleanUp] of [
		[`drop database ${databaseName}`, () => onAdmin(`drop database if exists ${databaseName} with (force)`)],
		[`delete Redis keys ${redisPrefix}*`, deleteRedisKeys]
	]) {
		try {
			await cleanUp();
		} catch (error) {
			console.error(`[e2e pg+redis] could not ${what}:`, error);
			code = 1;
		}
	}
	process.exit(code);
}

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => void stop(0));

try {
	startInstance(ports[0], 'A');
	await waitHealthy(ports[0], 'A');
	startInstance(ports[1], 'B');
	await waitHealthy(ports[1], 'B');
	console.log('[e2e pg+redis] both instances are up');
} catch (error) {
	console.error('[e2e pg+redis]', error);
	await stop(1);
}
