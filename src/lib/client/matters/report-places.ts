/** A building the report form offers, by the name the liaison knows it: 乐雅花园 5号楼. */
export type ReportPlace = { id: string; label: string };

export function reportPlacesOf(buildings: readonly { id: string; compoundName: string; label: string }[]): ReportPlace[] {
	return buildings.map((building) => ({ id: building.id, label: `${building.compoundName} ${building.label}`.trim() }));
}
