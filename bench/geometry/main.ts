// `npm run bench -- geometry`: what checkPolygonal costs for the worst shapes within its
// limits (a self-crossing star, a comb of long parallel edges, the most rings and positions)
// and what the size check costs for a shape over them. Prints a table (3 warm-up runs, then 30); nothing is asserted.
import { checkPolygonal, maxRingCorners, sizeProblem } from '../../src/lib/domain/geometry';
import type { Position } from '../../src/lib/domain/geojson';

const lon0 = 119.4;
const lat0 = 32.36;
const close = (ring: Position[]): Position[] => [...ring, ring[0]];

function circle(corners: number, radius: number, [lon, lat] = [lon0, lat0]): Position[] {
	return close(Array.from({ length: corners }, (_, i): Position => {
		const angle = (2 * Math.PI * i) / corners;
		return [lon + radius * Math.cos(angle), lat + radius * Math.sin(angle)];
	}));
}

/** Every corner joined to the one almost opposite: about corners²/2 crossings. */
function star(corners: number): Position[] {
	const step = corners / 2 - 1;
	return close(Array.from({ length: corners }, (_, i): Position => {
		const angle = (2 * Math.PI * ((i * step) % corners)) / corners;
		return [lon0 + 0.01 * Math.cos(angle), lat0 + 0.01 * Math.sin(angle)];
	}));
}

/** A valid comb: teeth as long as the shape, so every edge overlaps every other in x and y. */
function comb(corners: number): Position[] {
	const teeth = Math.floor((corners - 2) / 2);
	const ring: Position[] = [[lon0, lat0], [lon0 + 0.01, lat0]];
	for (let t = 0; t < teeth; t++) {
		const y = lat0 + 0.0001 + (0.01 * t) / teeth;
		ring.push(t % 2 ? [lon0 + 0.01, y] : [lon0 + 0.0001, y]);
	}
	return close(ring);
}

const shapes: [string, unknown][] = [
	[`star, ${maxRingCorners} corners (refused: crossing)`, { type: 'Polygon', coordinates: [star(maxRingCorners)] }],
	[`circle, ${maxRingCorners} corners (accepted)`, { type: 'Polygon', coordinates: [circle(maxRingCorners, 0.01)] }],
	[`comb, ${maxRingCorners} corners (accepted)`, { type: 'Polygon', coordinates: [comb(maxRingCorners)] }],
	[
		'outline + 3 holes, 9,996 positions (accepted)',
		{
			type: 'Polygon',
			coordinates: [circle(1998, 0.05), ...[-0.03, 0, 0.03].map((dx) => circle(1999, 0.01, [lon0 + dx, lat0]).reverse())]
		}
	],
	['star, 6,001 corners (refused: too many)', { type: 'Polygon', coordinates: [star(6_000)] }]
];

function median(samples: number[]): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

console.log('| shape | answer | median | max |\n|---|---|---|---|');
for (const [name, shape] of shapes) {
	const samples: number[] = [];
	let answer = '';
	for (let run = -3; run < 30; run++) {
		const start = performance.now();
		const problem = sizeProblem(shape);
		const check = problem ? null : checkPolygonal(shape);
		if (run >= 0) samples.push(performance.now() - start);
		answer = problem ? problem.code : check!.ok ? 'ok' : check!.problem.code;
	}
	console.log(`| ${name} | ${answer} | ${median(samples).toFixed(2)} ms | ${Math.max(...samples).toFixed(2)} ms |`);
}
