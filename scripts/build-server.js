// Bundles server/*.ts to dist-server/ for production. The SvelteKit handler stays a
// separate file (../build/handler.js) and packages come from node_modules.
import { build } from 'esbuild';

await build({
	entryPoints: ['server/index.ts', 'server/setup.ts'],
	outdir: 'dist-server',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	external: ['../build/*'],
	sourcemap: true,
	logLevel: 'warning'
});
