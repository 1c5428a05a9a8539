import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Tile hosts of the basemaps src/lib/client/map/basemap.ts offers, and the origin of a style
// URL given as PUBLIC_BASEMAP at build time (its tiles may come from further hosts: list them
// in CSP_EXTRA_HOSTS, space-separated).
const tileHosts = ['https://tile.openstreetmap.org', 'https://*.tianditu.gov.cn'];
const styleOrigin = /^https?:\/\//i.test(process.env.PUBLIC_BASEMAP ?? '') ? [new URL(process.env.PUBLIC_BASEMAP).origin] : [];
const extraHosts = (process.env.CSP_EXTRA_HOSTS ?? '').split(/\s+/).filter(Boolean);
const mapHosts = [...tileHosts, ...styleOrigin, ...extraHosts];

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Registered by the root layout in production builds only, after the page is up
		// (src/lib/components/offline/OfflineShell.svelte, docs/offline.md).
		serviceWorker: { register: false },
		// Kit adds a nonce for its own inline script to every rendered page. Inline style
		// attributes (Svelte transitions, bits-ui positioning, MapLibre) need 'unsafe-inline'
		// for styles only. MapLibre's worker is a same-origin file; its images may be blob: URLs.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:', ...mapHosts],
				'font-src': ['self', 'data:'],
				'connect-src': ['self', ...mapHosts],
				'worker-src': ['self', 'blob:'],
				'child-src': ['self', 'blob:'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
