import { LazyComponent } from '$lib/client/lazy-component.svelte';

/** The report form, loaded on demand by the 反映问题 button and by a refused report's 修改. */
export const reportSheet = new LazyComponent(() => import('./ReportSheet.svelte'));
