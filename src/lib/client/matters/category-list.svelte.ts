import { categoryPath, type MatterCategory } from '$lib/domain/matter-categories';
import { getLocale } from '$lib/paraglide/runtime';
import { categoriesOf, keptKeys } from './kept-lists';
import { requestJson } from '$lib/client/outbox/request-json';
import { matterUrls } from './matter-api';
import type { KeptValues } from '$lib/client/outbox/keyed-store';

const bySortOrder = (a: MatterCategory, b: MatterCategory) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name);

/**
 * A community's matter categories for the report form and the lists: the kept copy at once,
 * then the server's. Kept, because the form must work in a stairwell with no signal.
 */
export class CategoryList {
	readonly communityId: string;
	all = $state.raw<MatterCategory[] | null>(null);
	/** Neither a kept copy nor the server gave a list. */
	failed = $state(false);
	readonly #kept: () => Promise<KeptValues | null>;

	constructor(communityId: string, kept: () => Promise<KeptValues | null>) {
		this.communityId = communityId;
		this.#kept = kept;
	}

	async load({ keptWillDo = false } = {}): Promise<void> {
		const kept = await this.#kept().catch(() => null);
		const key = keptKeys.categories(this.communityId);
		const stored = categoriesOf(await kept?.read(key).catch(() => null));
		if (stored && this.all === null) this.all = stored;
		if (!navigator.onLine || (keptWillDo && stored)) {
			this.failed = this.all === null;
			return;
		}
		const { status, body } = await requestJson(fetch, matterUrls.categories(this.communityId), { cache: 'no-cache' }, 20_000);
		const fresh = status === 200 ? categoriesOf(body) : null;
		if (fresh) {
			this.all = fresh;
			await kept?.write(key, fresh).catch(() => {});
		}
		this.failed = this.all === null;
	}

	/** Tries again when there is nothing to show (the form opened after a visit with no signal). */
	loadIfMissing(): void {
		if (this.all === null) void this.load();
	}

	get top(): MatterCategory[] {
		return (this.all ?? []).filter((category) => category.parentId === null).sort(bySortOrder);
	}

	childrenOf(parentId: string): MatterCategory[] {
		return (this.all ?? []).filter((category) => category.parentId === parentId).sort(bySortOrder);
	}

	/** "公用设施 · 路灯维修", or '' for a category this list does not know. */
	pathOf(categoryId: string): string {
		return categoryPath(categoryId, this.all ?? [], getLocale());
	}
}
