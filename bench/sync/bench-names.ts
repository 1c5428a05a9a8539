/**
 * The prefix of everything the bench creates in shared services: its PostgreSQL database
 * (`<prefix><pid>`) and its Redis keys (`<prefix><pid>_<run>:`). BENCH_NAME_PREFIX lets
 * several sessions on one machine keep apart.
 */
export function benchNamePrefix(): string {
	const prefix = process.env.BENCH_NAME_PREFIX?.trim() || 'grid_bench_';
	if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`BENCH_NAME_PREFIX must be lower-case letters, digits and _ (got "${prefix}")`);
	return prefix;
}
