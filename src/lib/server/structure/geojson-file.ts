import { badRequest } from './errors';

/** More footprints than a community has; a bigger file is a city export, not an import. */
export const maxImportFeatures = 2_000;

export type RawFeature = { index: number; geometry: unknown; properties: Record<string, unknown> };

function whatItIs(value: unknown): [string, string] {
	if (Array.isArray(value)) return ['一个数组', 'an array'];
	if (value === null || typeof value !== 'object') return [`一个${typeof value === 'string' ? '字符串' : '值'}`, `a ${value === null ? 'null' : typeof value}`];
	const type = (value as { type?: unknown }).type;
	return typeof type === 'string' ? [`GeoJSON ${type}`, `a GeoJSON ${type}`] : ['一个没有 type 的对象', 'an object without a type'];
}

function parseJson(bytes: Uint8Array): unknown {
	if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
		throw badRequest('这是一个 Excel 或压缩文件，不是 GeoJSON。楼栋请上传 .geojson 文件，住户台账请用“导入台账”。 This is an Excel or zip file, not GeoJSON.');
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw badRequest('文件不是 UTF-8 文本，不是 GeoJSON。 The file is not UTF-8 text, so it is not GeoJSON.');
	}
	try {
		return JSON.parse(text);
	} catch {
		throw badRequest('文件不是有效的 JSON，无法作为 GeoJSON 读取。 The file is not valid JSON, so it cannot be read as GeoJSON.');
	}
}

/**
 * The features of an uploaded GeoJSON FeatureCollection that carry a Polygon or MultiPolygon
 * (checked later, one by one), and how many others were skipped (points, lines, no geometry).
 */
export function readFeatureCollection(bytes: Uint8Array): { features: RawFeature[]; skipped: number } {
	const data = parseJson(bytes);
	const kind = (data as { type?: unknown } | null)?.type;
	const list = (data as { features?: unknown } | null)?.features;
	if (kind !== 'FeatureCollection' || !Array.isArray(list)) {
		const [zh, en] = whatItIs(data);
		throw badRequest(`文件是${zh}，需要 GeoJSON FeatureCollection（要素集合）。 The file is ${en}; a GeoJSON FeatureCollection is needed.`);
	}
	if (list.length > maxImportFeatures) {
		throw badRequest(`文件中有 ${list.length} 个要素，一次最多导入 ${maxImportFeatures} 个，请拆分文件。 The file has ${list.length} features; import at most ${maxImportFeatures} at a time.`);
	}
	const features: RawFeature[] = [];
	let skipped = 0;
	list.forEach((feature: unknown, index) => {
		const geometry = (feature as { geometry?: unknown } | null)?.geometry;
		const type = (geometry as { type?: unknown } | null)?.type;
		if ((feature as { type?: unknown } | null)?.type !== 'Feature' || (type !== 'Polygon' && type !== 'MultiPolygon')) {
			skipped++;
			return;
		}
		const properties = (feature as { properties?: unknown }).properties;
		features.push({ index, geometry, properties: properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : {} });
	});
	return { features, skipped };
}
