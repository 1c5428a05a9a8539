/**
 * The shape of the community document (`community:<communityId>`): tasks and signals. Plain
 * data types and names only; the Yjs accessors that read and write it build on these.
 */
export const taskKinds = ['check', 'register', 'publicity', 'safety', 'custom'] as const;
export type TaskKind = (typeof taskKinds)[number];

export const taskStatuses = ['open', 'closed'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const progressStatuses = ['visited', 'absent', 'refused', 'issue'] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

/** One household's mark: `tasks.<id>.progress.<buildingId>.<householdCode>`. */
export type ProgressEntry = { s: ProgressStatus; by: string; at: number; note?: string };
export type Reminder = { by: string; at: number; to: string[] };
export type TaskNote = { by: string; at: number; buildingId?: string; text: string };

/** Plain fields of a task map, beside its nested types. */
export const taskFields = ['title', 'kind', 'instructions', 'createdBy', 'createdAt', 'dueAt', 'status', 'round', 'roundOf'] as const;
export type TaskField = (typeof taskFields)[number];

/** Nested types of a task map and what they hold. */
export const taskCollections = ['scope', 'acks', 'reminders', 'progress', 'notes'] as const;
export type TaskCollection = (typeof taskCollections)[number];

export const rootTypes = ['tasks', 'signals'] as const;
export const signalKeys = ['structureVersion', 'mattersVersion'] as const;
export type SignalKey = (typeof signalKeys)[number];

export const limits = { title: 200, instructions: 4000, note: 500, noteText: 2000, idLength: 64 } as const;
