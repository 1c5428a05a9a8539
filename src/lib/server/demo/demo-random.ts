/**
 * A small seeded random source for the demo history, so every first start writes the same
 * month (mulberry32: 32 bits of state, plenty for sample data, and the same on every platform).
 */
export class DemoRandom {
	#state: number;

	constructor(seed: string) {
		let hash = 2166136261;
		for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619);
		this.#state = hash >>> 0;
	}

	/** In [0, 1). */
	next(): number {
		this.#state = (this.#state + 0x6d2b79f5) >>> 0;
		let t = this.#state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** One of `weighted`'s keys, each as likely as its weight. */
	weighted<K extends string>(weighted: Readonly<Record<K, number>>): K {
		const entries = Object.entries(weighted) as [K, number][];
		let left = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
		for (const [key, weight] of entries) {
			left -= weight;
			if (left < 0) return key;
		}
		return entries[entries.length - 1][0];
	}
}
