/** Inputs of the editing forms: a notch smaller than the page forms, they sit beside the map. */
export const editInputClass =
	'w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base sm:text-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none';
