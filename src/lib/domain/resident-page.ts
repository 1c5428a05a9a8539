import type { BuildingSign } from './public-sign';

/**
 * What a resident's page (`/b/<code>`) shows: the building's sign, and the report form's
 * categories (the community's top ones, named in the reader's language); or, for a replaced
 * sign, only that it was replaced.
 */
export type ResidentPageView = { replaced: true } | { replaced: false; sign: BuildingSign; categories: { id: string; name: string }[] };
