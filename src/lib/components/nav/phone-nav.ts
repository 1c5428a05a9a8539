/**
 * The phone's bar holds five places at most beside the sync status and the account. With more,
 * it shows four (the current page always among them) and a "更多" menu holds the rest.
 * `phone: 'none'` keeps an item off the phone altogether while another link stands in for it
 * (the bell for 通知, the matters page for the 会商), unless it is the page being shown.
 */
export type NavPlace = { href: string; phone?: 'none' };

export const phoneBarSize = 5;

export function phoneNav<T extends NavPlace>(items: readonly T[], isActive: (href: string) => boolean): { bar: T[]; more: T[] } {
	const shown = items.filter((item) => item.phone !== 'none' || isActive(item.href));
	if (shown.length <= phoneBarSize) return { bar: shown, more: [] };
	const active = shown.find((item) => isActive(item.href));
	const first = shown.slice(0, phoneBarSize - 1);
	const bar = !active || first.includes(active) ? first : [...first.slice(0, -1), active];
	return { bar, more: shown.filter((item) => !bar.includes(item)) };
}
