import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Registered by the root layout in production builds only, after the page is up
		// (src/lib/components/offline/OfflineShell.svelte, docs/offline.md).
		serviceWorker: { register: false }
	}
};

export default config;
