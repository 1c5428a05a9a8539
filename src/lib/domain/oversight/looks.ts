/** What the overview map is coloured by: days since each building's last visit, one open task's progress, or open matters. */
export const overviewLooks = ['visit-age', 'task', 'matters'] as const;
export type OverviewLook = (typeof overviewLooks)[number];
