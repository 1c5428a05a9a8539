import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { SnapToCustom, TerraDraw, TerraDrawMouseEvent } from 'terra-draw';
import type { Polygon, Position } from '$lib/domain/geojson';
import { drawPrecision, nearestVertex } from './shapes';
import { structureSourceId } from '../map/structure-layers';
import { UndoStack } from './undo';

export type DrawPhase = 'idle' | 'drawing' | 'shaping';

/** How close (in pixels) the pointer must come to an existing corner to snap to it. */
const snapTolerance = 12;
const drawColor = '#ea580c';

type TerraDrawModule = typeof import('terra-draw');
type FeatureId = string | number;
type Feature = Parameters<TerraDraw['addFeatures']>[0][number];
type DrawAdapter = ConstructorParameters<typeof TerraDraw>[0]['adapter'];

/**
 * One shape being drawn or reshaped with terra-draw, and the undo history of its edits.
 *
 * - `drawing`: polygon mode; each click adds a corner, clicking the first corner closes it.
 *   Undo removes the last corner (terra-draw's own drawing history).
 * - `shaping`: select mode on the one shape; corners can be dragged, added (midpoints) or
 *   removed (right click), the whole shape dragged. Each finished drag is a step of our
 *   history, so undo goes back one drag at a time until the shape as it started.
 *
 * Both snap new and dragged corners to the corners of the existing structure.
 */
export class DrawingSession {
	readonly draw: TerraDraw;
	readonly #map: MapLibreMap;
	#phase: DrawPhase = $state('idle');
	// Bumped on every terra-draw change, so getters that ask terra-draw stay reactive.
	#tick = $state(0);
	#placed = $state(0);
	#featureId: FeatureId | null = null;
	#history = new UndoStack<Polygon>();
	#vertices: Position[] = [];
	#hidden: { id: string; filters: Map<string, FilterSpecification | undefined> } | null = null;
	#onclosed: ((polygon: Polygon) => void) | null = null;
	#moving = $state(false);
	#validate: (feature: Feature) => { valid: boolean; reason?: string };
	readonly #snap: SnapToCustom = (event: TerraDrawMouseEvent, context) =>
		nearestVertex({ x: event.containerX, y: event.containerY }, this.#vertices, context, snapTolerance);

	private constructor(map: MapLibreMap, module: TerraDrawModule, adapter: DrawAdapter) {
		this.#map = map;
		const { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, TerraDrawModeUndoRedo, ValidateNotSelfIntersecting } =
			module;
		this.#validate = ValidateNotSelfIntersecting;
		const snap = this.#snap;
		this.draw = new TerraDraw({
			adapter,
			modes: [
				new TerraDrawPolygonMode({
					snapping: { toCustom: snap },
					// Closing the ring by clicking near its first corner: small buildings need less than the default 40 px.
					pointerDistance: 24,
					showCoordinatePoints: true,
					validation: (feature, { updateType }) =>
						updateType === 'finish' || updateType === 'commit' ? ValidateNotSelfIntersecting(feature) : { valid: true },
					styles: {
						fillColor: drawColor,
						fillOpacity: 0.2,
						outlineColor: drawColor,
						outlineWidth: 2,
						closingPointColor: '#ffffff',
						closingPointOutlineColor: drawColor,
						closingPointWidth: 7,
						closingPointOutlineWidth: 2,
						snappingPointColor: '#facc15',
						snappingPointOutlineColor: drawColor,
						snappingPointWidth: 6,
						snappingPointOutlineWidth: 2,
						coordinatePointColor: drawColor,
						coordinatePointOutlineColor: '#ffffff',
						coordinatePointWidth: 4,
						coordinatePointOutlineWidth: 1
					}
				}),
				new TerraDrawSelectMode({
					allowManualDeselection: false,
					allowManualSelection: false,
					// No keyboard: Delete would remove the shape behind the form's back.
					keyEvents: null,
					flags: this.#flags(false),
					styles: {
						selectedPolygonColor: drawColor,
						selectedPolygonFillOpacity: 0.2,
						selectedPolygonOutlineColor: drawColor,
						selectedPolygonOutlineWidth: 2,
						selectionPointColor: '#ffffff',
						selectionPointOutlineColor: drawColor,
						selectionPointWidth: 6,
						selectionPointOutlineWidth: 2,
						midPointColor: drawColor,
						midPointOutlineColor: '#ffffff',
						midPointWidth: 4,
						midPointOutlineWidth: 1
					}
				})
			],
			undoRedo: { modeLevel: new TerraDrawModeUndoRedo() }
		});
		this.draw.on('change', () => this.#tick++);
		// terra-draw's drawing history holds one entry per placed corner.
		this.draw.on('history', (event) => {
			if (event.stack === 'mode') this.#placed = event.undoSize;
			this.#tick++;
		});
		this.draw.on('finish', (id, context) => this.#finished(id, context.mode, context.action));
		this.draw.start();
	}

	/**
	 * What may be dragged in select mode: the corners (and midpoints, to add corners), or, while
	 * moving, the whole shape. Never both: a big grid would move whenever someone pans inside it.
	 */
	#flags(moving: boolean) {
		const coordinates = moving
			? { draggable: false, midpoints: false, deletable: false }
			: { draggable: true, midpoints: true, deletable: true, snappable: { toCustom: this.#snap } };
		return {
			polygon: { feature: { draggable: moving, validation: (feature: Feature) => this.#validate(feature), coordinates } }
		};
	}

	/** Loads terra-draw (only pages that edit need it) and starts it on a map whose style has loaded. */
	static async open(map: MapLibreMap): Promise<DrawingSession> {
		const [module, { TerraDrawMapLibreGLAdapter }] = await Promise.all([
			import('terra-draw'),
			import('terra-draw-maplibre-gl-adapter')
		]);
		const adapter = new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: drawPrecision });
		return new DrawingSession(map, module, adapter);
	}

	get phase(): DrawPhase {
		return this.#phase;
	}

	/** The closed shape being edited (null while still drawing). */
	get polygon(): Polygon | null {
		void this.#tick;
		if (this.#phase !== 'shaping' || this.#featureId === null || !this.draw.hasFeature(this.#featureId)) return null;
		const geometry = this.draw.getSnapshotFeature(this.#featureId)?.geometry;
		return geometry?.type === 'Polygon' ? (geometry as Polygon) : null;
	}

	/** How many corners have been placed while drawing. */
	get corners(): number {
		return this.#phase === 'drawing' ? this.#placed : 0;
	}

	/** Dragging moves the whole shape instead of its corners. */
	get moving(): boolean {
		return this.#moving;
	}

	set moving(on: boolean) {
		if (on === this.#moving) return;
		this.#moving = on;
		this.draw.updateModeOptions<typeof import('terra-draw').TerraDrawSelectMode>('select', { flags: this.#flags(on) });
	}

	get canUndo(): boolean {
		void this.#tick;
		if (this.#phase === 'drawing') return this.draw.canUndo();
		return this.#phase === 'shaping' && this.#history.canUndo;
	}

	/** Starts drawing a new shape; `onclosed` runs once the ring is closed. */
	start(vertices: Position[], onclosed: (polygon: Polygon) => void): void {
		this.end();
		this.#vertices = vertices;
		this.#onclosed = onclosed;
		this.draw.setMode('polygon');
		this.#placed = 0;
		this.#phase = 'drawing';
	}

	/** Puts an existing shape up for editing; `hideId` hides that feature of the structure meanwhile. */
	reshape(polygon: Polygon, vertices: Position[], hideId?: string): void {
		this.end();
		this.#vertices = vertices;
		const id = this.draw.getFeatureId();
		const [result] = this.draw.addFeatures([{ type: 'Feature', id, geometry: polygon, properties: { mode: 'polygon' } }]);
		if (!result?.valid) throw new Error(`terra-draw refused the shape: ${result?.reason ?? 'unknown'}`);
		if (hideId) this.#hide(hideId);
		this.#select(id);
	}

	/** Undoes the last corner while drawing, or the last drag while shaping. */
	undo(): boolean {
		if (this.#phase === 'drawing') return this.draw.undo();
		if (this.#phase !== 'shaping' || this.#featureId === null) return false;
		const previous = this.#history.undo();
		if (!previous) return false;
		this.draw.updateFeatureGeometry(this.#featureId, previous);
		this.#tick++;
		return true;
	}

	/** Drops the shape and its history and shows the hidden structure feature again. */
	end(): void {
		this.moving = false;
		this.#onclosed = null;
		this.#featureId = null;
		this.#history.clear();
		if (this.draw.getMode() !== 'static') this.draw.setMode('static');
		this.draw.clear();
		this.draw.clearUndoRedoHistory();
		this.#unhide();
		this.#phase = 'idle';
		this.#tick++;
	}

	destroy(): void {
		if (!this.draw.enabled) return;
		try {
			this.#unhide();
			this.draw.stop();
		} catch {
			// The map was removed first (the page is going away): its layers went with it.
		}
	}

	#finished(id: FeatureId, mode: string, action: string): void {
		if (mode === 'polygon' && action === 'draw' && this.#phase === 'drawing') {
			const onclosed = this.#onclosed;
			this.#onclosed = null;
			// Switching modes from inside terra-draw's own finish handler confuses it: wait a tick.
			queueMicrotask(() => {
				this.draw.clearUndoRedoHistory();
				this.#select(id);
				const polygon = this.polygon;
				if (polygon && onclosed) onclosed(polygon);
			});
			return;
		}
		if (mode === 'select' && id === this.#featureId) {
			const polygon = this.polygon;
			if (polygon) this.#history.push(polygon);
			this.#tick++;
		}
	}

	#select(id: FeatureId): void {
		this.#featureId = id;
		this.draw.setMode('select');
		this.draw.selectFeature(id);
		this.#phase = 'shaping';
		this.#tick++;
		const polygon = this.polygon;
		if (polygon) this.#history.reset(polygon);
	}

	/** Hides one feature of the structure layers while its copy is being edited. */
	#hide(id: string): void {
		const filters = new Map<string, FilterSpecification | undefined>();
		for (const layer of this.#map.getStyle().layers) {
			if (!('source' in layer) || layer.source !== structureSourceId) continue;
			const filter = this.#map.getFilter(layer.id) ?? undefined;
			filters.set(layer.id, filter);
			const notEdited: FilterSpecification = ['!=', ['get', 'id'], id];
			this.#map.setFilter(layer.id, filter ? (['all', filter, notEdited] as FilterSpecification) : notEdited);
		}
		this.#hidden = { id, filters };
	}

	#unhide(): void {
		if (!this.#hidden) return;
		for (const [layerId, filter] of this.#hidden.filters)
			if (this.#map.getLayer(layerId)) this.#map.setFilter(layerId, filter ?? null);
		this.#hidden = null;
	}
}
