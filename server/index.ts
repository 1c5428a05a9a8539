import './runtime-flags';
import { closeDatabase } from '../src/lib/server/db';
import { demoPassword } from '../src/lib/server/demo/seed';
import { startServer } from './app';
import { readServerConfig } from './config';

const demoLogins = [
	'secretary（社区书记）',
	'chief1 … chief5（网格长）',
	'liaison01 … liaison31（微网格联络员）',
	'property1（光明物业）、property2（华建物业）',
	'street1（扬子津街道）'
];

async function main() {
	const config = readServerConfig(process.env);
	const running = await startServer(config);
	const { startup } = running;
	console.log(`网格通 is running at ${config.origin ?? running.url}  (database: ${startup.db})`);
	if (startup.demo) {
		console.log(startup.seededNow ? 'Seeded the demo community 乐雅社区.' : 'Demo community 乐雅社区 is ready.');
		if (startup.samplesSeededNow) console.log('Seeded the sample history (DEMO_SAMPLES=1).');
		console.log(`Demo logins (password ${demoPassword}):`);
		for (const line of demoLogins) console.log(`  ${line}`);
	}

	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal} received, shutting down…`);
		const timeout = setTimeout(() => process.exit(1), 10_000).unref();
		await running.close();
		await closeDatabase();
		clearTimeout(timeout);
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
