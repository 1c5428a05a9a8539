import type { ProgressStatus } from '$lib/domain/community-doc';

/**
 * A door's colours: strong fills for what is settled (visited, refused, issue), a light one for
 * away (come back later), outline for not yet. The short text says the same for colour-blind eyes.
 */
const classes: Record<ProgressStatus | 'none', string> = {
	none: 'bg-white text-stone-700 ring-1 ring-stone-300',
	visited: 'bg-green-600 text-white',
	absent: 'bg-amber-100 text-amber-900 ring-1 ring-amber-400',
	refused: 'bg-red-600 text-white',
	issue: 'bg-violet-600 text-white'
};

export const statusClasses = (status: ProgressStatus | null): string => classes[status ?? 'none'];
