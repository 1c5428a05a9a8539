// Runs inside Chromium: a MapLibre map of a large community with the task-mode layers, a task
// in a Y.Doc, and a second Y.Doc playing the liaison's phone. Each progress update is made on
// the liaison's doc, encoded, and timed from `Y.applyUpdate` on the map's doc: to the map call
// (feature state, or new source data the naive way) and to the next `idle` of the map.
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import * as Y from 'yjs';
import { basemapStyle } from '../../../src/lib/client/map/basemap';
import { loadMapLibre } from '../../../src/lib/client/map/maplibre';
import { addStructureLayers, setTaskMode, structureSourceId, taskModePaint } from '../../../src/lib/client/map/structure-layers';
import { TaskProgressMap, type FeatureStateTarget } from '../../../src/lib/client/map/task-progress';
import type { ProgressStatus } from '../../../src/lib/domain/community-doc';
import type { MapCollection } from '../../../src/lib/domain/structure-map';
import { createTask, markHousehold } from '../../../src/lib/domain/task-doc';
import { benchBuildings, seededRandom, type BenchBuilding } from '../../board/community';
import { benchCollection } from './community-map';

export type Way = 'feature-state' | 'set-data' | 'update-data' | 'repaint';
export type SetUpOptions = { buildings: number; scopeShare: number; seed: number };
export type SetUpResult = { buildings: number; households: number; scope: number; renderer: string; setUpMs: number; isolated: boolean };
export type RunResult = {
	way: Way;
	updates: number;
	/** Document change → the map call returned (setFeatureState, setData or updateData). */
	apply: number[];
	/** Document change → the map's next `idle`, i.e. the new colour drawn. */
	shown: number[];
	setDataCalls: number;
	contentEvents: number;
	featureStateCalls: number;
	/** Buildings whose map colour did not end up as the engine says. */
	mismatches: number;
	timeouts: number;
};

declare global {
	interface Window {
		taskMapBench: { setUp(options: SetUpOptions): Promise<SetUpResult>; run(way: Way, updates: number): Promise<RunResult> };
	}
}

const taskId = 'bench';
let map: MapLibreMap;
let source: GeoJSONSource;
let collection: MapCollection;
let buildings: BenchBuilding[];
let mapDoc: Y.Doc;
let liaisonDoc: Y.Doc;
/** In-scope buildings nobody has marked yet, shuffled: each run takes fresh ones, so every update changes a colour. */
let unused: BenchBuilding[] = [];
let stopWatching: (() => void) | null = null;
const idles: number[] = [];
const probe = { setDataCalls: 0, contentEvents: 0, featureStateCalls: 0, lastMapCall: 0 };

function once(event: 'load' | 'idle'): Promise<void> {
	return new Promise((resolve) => map.once(event, () => resolve()));
}

/** The first `idle` after `after` (it may already have happened). */
function idleAfter(after: number, timeoutMs = 10_000): Promise<number | null> {
	return new Promise((resolve) => {
		const seen = idles.find((at) => at > after);
		if (seen !== undefined) return resolve(seen);
		const timer = setTimeout(() => {
			map.off('idle', check);
			resolve(null);
		}, timeoutMs);
		function check() {
			const at = idles.at(-1)!;
			if (at <= after) return;
			clearTimeout(timer);
			map.off('idle', check);
			resolve(at);
		}
		map.on('idle', check);
	});
}

function webglRenderer(): string {
	const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
	if (!gl) return 'no WebGL';
	const info = gl.getExtension('WEBGL_debug_renderer_info');
	return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

async function setUp({ buildings: count, scopeShare, seed }: SetUpOptions): Promise<SetUpResult> {
	const started = performance.now();
	const random = seededRandom(seed);
	buildings = benchBuildings(count, random);
	collection = benchCollection(buildings);
	const maplibre = await loadMapLibre();
	// No label fade-in: `idle` then marks the frame that shows the change, not the end of a 300 ms fade.
	map = new maplibre.Map({
		container: 'map',
		style: basemapStyle(undefined, undefined),
		center: [119.4, 32.36],
		zoom: 14,
		attributionControl: false,
		fadeDuration: 0
	});
	await once('load');
	addStructureLayers(map, collection);
	setTaskMode(map, true);
	source = map.getSource(structureSourceId) as GeoJSONSource;
	const setData = source.setData.bind(source);
	source.setData = (...args) => {
		probe.setDataCalls++;
		return setData(...args);
	};
	map.on('sourcedata', (event) => {
		if (event.sourceId === structureSourceId && event.sourceDataType === 'content') probe.contentEvents++;
	});
	map.on('idle', () => idles.push(performance.now()));
	const last = collection.features.at(-1)!.geometry.coordinates as number[][][];
	const first = collection.features[0].geometry.coordinates as number[][][];
	map.fitBounds([first[0][0] as [number, number], last[0][2] as [number, number]], { animate: false, padding: 10 });

	// The scope: a share of the buildings, so the rest shows dimmed as outside the task.
	const shuffled = [...buildings].sort(() => random() - 0.5);
	const scope = shuffled.slice(0, Math.round(count * scopeShare));
	unused = [...scope];
	mapDoc = new Y.Doc();
	createTask(mapDoc, { id: taskId, title: 'bench', kind: 'check', instructions: '', createdBy: 'chief', createdAt: 0, dueAt: null, scope: scope.map((b) => b.id) });
	liaisonDoc = new Y.Doc();
	Y.applyUpdate(liaisonDoc, Y.encodeStateAsUpdate(mapDoc));
	await idleAfter(performance.now());
	return {
		buildings: count,
		households: buildings.reduce((sum, b) => sum + b.codes.length, 0),
		scope: scope.length,
		renderer: webglRenderer(),
		isolated: crossOriginIsolated,
		setUpMs: performance.now() - started
	};
}

/** What the engine is pointed at: the map's feature state itself, or the naive stand-ins. */
function targetFor(way: Way, state: Map<string, string | null>): { target: FeatureStateTarget; onchange: (ids: readonly string[]) => void } {
	if (way === 'feature-state') {
		return {
			target: {
				setFeatureState(feature, value) {
					map.setFeatureState(feature, value);
					probe.featureStateCalls++;
					probe.lastMapCall = performance.now();
				},
				removeFeatureState: (feature, key) => map.removeFeatureState(feature, key)
			},
			onchange: () => {}
		};
	}
	// The naive ways keep progress as a feature property: the engine's states are collected and
	// the source is given them after each change.
	const target: FeatureStateTarget = {
		setFeatureState: ({ id }, value) => void state.set(id, value.progress as string),
		removeFeatureState: ({ id }) => void state.set(id, null)
	};
	const onchange =
		way === 'set-data'
			? () => {
					const features = collection.features.map((f) => ({ ...f, properties: { ...f.properties, progress: state.get(f.id) ?? null } }));
					void source.setData({ type: 'FeatureCollection', features } as FeatureCollection);
					probe.lastMapCall = performance.now();
				}
			: (ids: readonly string[]) => {
					void source.updateData({ update: ids.map((id) => ({ id, addOrUpdateProperties: [{ key: 'progress', value: state.get(id) ?? null }] })) });
					probe.lastMapCall = performance.now();
				};
	return { target, onchange };
}

/** The same task-mode paint, reading `progress` from the feature's properties instead of its state. */
function usePropertyPaint(on: boolean) {
	const paint = JSON.parse(JSON.stringify(taskModePaint()).replaceAll('"feature-state"', on ? '"get"' : '"feature-state"')) as Record<string, Record<string, unknown>>;
	for (const [layer, properties] of Object.entries(paint))
		for (const [key, value] of Object.entries(properties)) map.setPaintProperty(layer, key as 'fill-color', value as ExpressionSpecification);
}

/** The rig's own cost of one frame: a repaint with nothing changed, timed to `idle`. */
async function repaint(times: number): Promise<RunResult> {
	const shown: number[] = [];
	for (let i = 0; i < times; i++) {
		const start = performance.now();
		map.triggerRepaint();
		const idleAt = await idleAfter(start);
		if (idleAt !== null) shown.push(idleAt - start);
	}
	return { way: 'repaint', updates: times, apply: [], shown, setDataCalls: 0, contentEvents: 0, featureStateCalls: 0, mismatches: 0, timeouts: times - shown.length };
}

async function run(way: Way, updates: number): Promise<RunResult> {
	if (way === 'repaint') return repaint(updates);
	stopWatching?.();
	const state = new Map<string, string | null>();
	const { target, onchange } = targetFor(way, state);
	const mapBuildings = buildings.map((b) => ({ id: b.id, households: b.codes, householdCount: b.codes.length }));
	const engine = new TaskProgressMap({ buildings: mapBuildings, target, onchange });
	usePropertyPaint(way !== 'feature-state');
	// Seeding sets every building of the scope (not timed; the naive ways get their first data).
	stopWatching = engine.watch(mapDoc, taskId);
	await idleAfter(performance.now());

	let start = { ...probe };
	const apply: number[] = [];
	const shown: number[] = [];
	let timeouts = 0;
	// A few untimed updates first, so the JIT and the map's buffers have seen the path.
	const warmUp = way === 'feature-state' ? 20 : 2;
	const picked = unused.splice(0, Math.ceil((updates + warmUp) / 2));
	const steps: { building: BenchBuilding; code: string; s: ProgressStatus }[] = [];
	for (const building of picked) {
		steps.push({ building, code: building.codes[0], s: 'visited' }); // untouched → partial
		steps.push({ building, code: building.codes[1], s: 'refused' }); // partial → attention
	}
	for (const [index, { building, code, s }] of steps.slice(0, updates + warmUp).entries()) {
		// Counts start after the warm-up, like the timings.
		if (index === warmUp) start = { ...probe };
		const before = Y.encodeStateVector(mapDoc);
		markHousehold(liaisonDoc, taskId, building.id, code, { s, by: 'liaison', at: Date.now() });
		const update = Y.encodeStateAsUpdate(liaisonDoc, before);
		probe.lastMapCall = 0;
		const changedAt = performance.now();
		Y.applyUpdate(mapDoc, update, 'remote');
		const calledAt = probe.lastMapCall;
		if (!calledAt) throw new Error(`no map call for ${building.id} ${code} ${s}`);
		const idleAt = await idleAfter(calledAt);
		if (index < warmUp) continue;
		apply.push(calledAt - changedAt);
		if (idleAt === null) timeouts++;
		else shown.push(idleAt - changedAt);
	}

	// Every touched building shows what the engine says, in state or in its properties.
	let mismatches = 0;
	const data = way === 'feature-state' ? null : new Map(((await source.getData()) as FeatureCollection).features.map((f) => [String(f.id ?? f.properties?.id), f.properties?.progress]));
	for (const { building } of steps) {
		const expected = engine.state(building.id);
		const actual = data ? data.get(building.id) : map.getFeatureState({ source: structureSourceId, id: building.id })?.progress;
		if (actual !== expected) mismatches++;
	}
	return {
		way,
		updates: apply.length,
		apply,
		shown,
		setDataCalls: probe.setDataCalls - start.setDataCalls,
		contentEvents: probe.contentEvents - start.contentEvents,
		featureStateCalls: probe.featureStateCalls - start.featureStateCalls,
		mismatches,
		timeouts
	};
}

window.taskMapBench = { setUp, run };
