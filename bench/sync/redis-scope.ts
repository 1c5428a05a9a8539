import { Redis } from 'ioredis';
import { benchNamePrefix } from './bench-names';

const defaultRedisUrl = 'redis://127.0.0.1:6379';

export type RedisScope = {
	url: string;
	/** A fresh key prefix for one run's instances. */
	nextPrefix(): string;
	/** Deletes every key under a prefix this scope handed out. */
	clear(prefix: string): Promise<number>;
	close(): Promise<void>;
};

/**
 * The Redis our instances share (BENCH_REDIS_URL, default the local one). Each run gets
 * its own REDIS_PREFIX, so no stream of an earlier run is replayed, and its keys are
 * deleted after the run.
 */
export async function openRedisScope(): Promise<RedisScope> {
	const url = process.env.BENCH_REDIS_URL?.trim() || defaultRedisUrl;
	const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
	client.on('error', () => {}); // the failed connect() below says it
	try {
		await client.connect();
		await client.ping();
	} catch (error) {
		client.disconnect();
		throw new Error(`Redis at ${url} unusable (needed by --instances): ${error instanceof Error ? error.message : error}`);
	}
	let runs = 0;
	return {
		url,
		nextPrefix: () => `${benchNamePrefix()}${process.pid}_${++runs}:`,
		clear: async (prefix) => {
			let cursor = '0';
			let deleted = 0;
			do {
				const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
				if (keys.length) deleted += await client.unlink(...keys);
				cursor = next;
			} while (cursor !== '0');
			return deleted;
		},
		close: async () => {
			await client.quit();
		}
	};
}
