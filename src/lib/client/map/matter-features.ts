import type { Position } from '$lib/domain/geojson';
import { pinToneGroup, type MatterPin, type PinToneGroup } from '$lib/domain/matter-pins';
import { matterTone, type MatterTone } from '$lib/domain/matter-stage';
import type { MatterStatus } from '$lib/domain/matters';

export type MatterPinProperties = {
	id: string;
	status: MatterStatus;
	tone: MatterTone;
	group: PinToneGroup;
	urgent: boolean;
	category: string;
	/** The top category, which the map filters by. */
	top: string;
	/** Drawn above lower ones: overdue over due-soon over open…, urgent over not. */
	rank: number;
};
export type MatterPinFeature = GeoJSON.Feature<GeoJSON.Point, MatterPinProperties> & { id: string };
export type MatterPinCollection = { type: 'FeatureCollection'; features: MatterPinFeature[] };

const toneRank: Record<MatterTone, number> = { closed: 1, resolved: 2, open: 3, 'due-soon': 4, overdue: 5 };

/** Metres between neighbours of a stack, across and up, and how many share a row. */
const stackStep = { across: 3.5, up: 4 };
const rowLength = 7;
const metresPerDegree = 111_320;

/**
 * Several matters of one building share its point: spread them in rows, the first on the point,
 * the next to its right, left, right…, further rows above. Tips stay on the label's line and the
 * pins stand above it, in a stable order (by id), so each can be seen and tapped once zoomed in.
 */
function spread(point: Position, index: number): Position {
	if (index === 0) return point;
	const inRow = index % rowLength;
	const across = Math.ceil(inRow / 2) * (inRow % 2 ? 1 : -1) * stackStep.across;
	const up = Math.floor(index / rowLength) * stackStep.up;
	const [lng, lat] = point;
	return [lng + across / (metresPerDegree * Math.cos((lat * Math.PI) / 180)), lat + up / metresPerDegree];
}

/** The map's features for the pins, each with its colour as of `now`. */
export function matterFeatures(pins: readonly MatterPin[], now: number, topOf: (categoryId: string) => string): MatterPinCollection {
	const stacks = new Map<string, MatterPin[]>();
	for (const pin of [...pins].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
		const key = pin.point.join(',');
		stacks.set(key, [...(stacks.get(key) ?? []), pin]);
	}
	const features: MatterPinFeature[] = [];
	for (const stack of stacks.values()) {
		stack.forEach((pin, index) => {
			const tone = matterTone(pin, now);
			features.push({
				type: 'Feature',
				id: pin.id,
				geometry: { type: 'Point', coordinates: spread(pin.point, index) },
				properties: {
					id: pin.id,
					status: pin.status,
					tone,
					group: pinToneGroup(tone),
					urgent: pin.urgent,
					category: pin.category,
					top: topOf(pin.category),
					rank: toneRank[tone] + (pin.urgent ? 0.5 : 0)
				}
			});
		});
	}
	return { type: 'FeatureCollection', features };
}
