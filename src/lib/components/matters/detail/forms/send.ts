import type { MatterAction } from '$lib/domain/matters';

/** Sends one action; true when the server took it (the page then reloads the matter). */
export type Send = (input: { action: MatterAction } & Record<string, unknown>) => Promise<boolean>;

export const primaryButton =
	'min-h-11 rounded-lg bg-brand-600 px-4 font-semibold text-white hover:bg-brand-700 disabled:opacity-50';
export const secondaryButton =
	'min-h-11 rounded-lg bg-white px-4 font-medium text-stone-700 ring-1 ring-stone-300 hover:bg-stone-50 disabled:opacity-50';
