import type { Plugin } from 'vite';

const layoutNode = /[\\/]generated[\\/]client-optimized[\\/]nodes[\\/]0\.js$/;
const anyNode = /[\\/]generated[\\/]client-optimized[\\/]nodes[\\/]\d+\.js$/;

/**
 * One chunk for the app code only the root layout needs, instead of the dozens of small chunks
 * (an icon, a handful of messages, a helper, each a few hundred bytes) that Rolldown's automatic
 * splitting makes of it. Every page loads the root layout, so no page loads more code; each
 * compressed alone, those small files cost about a third more than compressed together
 * (the home page's budget, tests/integration/phone/home-javascript.test.ts).
 *
 * Captured: modules the layout reaches by static imports that SvelteKit's own entries (start,
 * app) do not, outside node_modules except the icons. Libraries stay in their own chunks, cached
 * across releases. As everything such a module imports is either captured or reachable from the
 * entries, and nothing reachable from the entries imports a captured module, the chunks form no
 * cycle, and the modules run when they did: when the root layout is imported.
 */
export function layoutChunk(): Plugin {
	const captured = new Set<string>();
	return {
		name: 'grid-dispatch:layout-chunk',
		apply: 'build',
		applyToEnvironment: (environment) => environment.config.consumer === 'client',
		// Rolldown asks for this with `includeDependenciesRecursively: false`: an entry chunk (a page
		// node) may then export more than its module does, which SvelteKit, reading named exports, ignores.
		options(options) {
			if (options.preserveEntrySignatures === 'strict') return { ...options, preserveEntrySignatures: 'allow-extension' };
		},
		buildEnd() {
			captured.clear();
			const importsOf = (id: string) => this.getModuleInfo(id)?.importedIds ?? [];
			const closure = (roots: string[]) => {
				const seen = new Set<string>(roots);
				const queue = [...roots];
				while (queue.length > 0) {
					for (const imported of importsOf(queue.shift()!)) {
						if (seen.has(imported)) continue;
						seen.add(imported);
						queue.push(imported);
					}
				}
				return seen;
			};
			const entries = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
			const layout = entries.find((id) => layoutNode.test(id));
			if (!layout) return;
			const kit = closure(entries.filter((id) => !anyNode.test(id)));
			for (const id of closure([layout])) {
				if (id === layout || kit.has(id)) continue;
				if (/[\\/]node_modules[\\/]/.test(id) && !/[\\/]node_modules[\\/]@lucide[\\/]svelte[\\/]/.test(id)) continue;
				// `import * as m` reaches every message through the barrel; which ones the layout uses
				// is known only after tree-shaking, so messages keep Rolldown's own chunks.
				if (/[\\/]paraglide[\\/]messages(\.js$|[\\/])/.test(id)) continue;
				captured.add(id);
			}
		},
		outputOptions(options) {
			if (options.codeSplitting === false) return;
			const splitting = typeof options.codeSplitting === 'object' ? options.codeSplitting : {};
			const layoutGroup = { name: 'layout', test: (id: string) => captured.has(id), includeDependenciesRecursively: false };
			return { ...options, codeSplitting: { ...splitting, groups: [...(splitting.groups ?? []), layoutGroup] } };
		}
	};
}
