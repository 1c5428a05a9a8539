/**
 * ECharts, loaded only when the dashboard's trends are shown: the core with the two chart
 * kinds and the few components they use, drawn as SVG (crisp on a phone, light to render).
 */
export async function loadCharts() {
	const [core, charts, components, renderers] = await Promise.all([
		import('echarts/core'),
		import('echarts/charts'),
		import('echarts/components'),
		import('echarts/renderers')
	]);
	core.use([charts.LineChart, charts.BarChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, renderers.SVGRenderer]);
	return core;
}
