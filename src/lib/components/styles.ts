export const inputClass =
	'w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none';

export const overlayClass = 'fixed inset-0 z-40 bg-black/40';

/** Dialog content: a bottom sheet on a phone, a centred card from `sm` up. */
/** A taller dialog whose form scrolls inside: a full-width bottom sheet on a phone, a card from `sm` up. */
export const formSheetClass =
	'fixed inset-x-0 bottom-0 z-50 flex max-h-[92dvh] flex-col rounded-t-2xl bg-white shadow-xl sm:inset-x-auto sm:top-1/2 sm:bottom-auto sm:left-1/2 sm:max-h-[88dvh] sm:w-[34rem] sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-2xl';

/** The grab handle drawn at the top of a bottom sheet on a phone. */
export const sheetHandleClass = 'mx-auto mt-2 h-1 w-10 shrink-0 rounded-full bg-stone-300 sm:hidden';

export const sheetClass =
	'fixed inset-x-3 bottom-3 z-50 rounded-2xl bg-white p-5 shadow-xl sm:inset-x-auto sm:top-1/2 sm:bottom-auto sm:left-1/2 sm:w-[26rem] sm:-translate-x-1/2 sm:-translate-y-1/2';
