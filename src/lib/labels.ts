import * as m from '$lib/paraglide/messages';
import type { Affiliation, Role } from '$lib/domain/roles';

const roleLabels: Record<Role, () => string> = {
	secretary: m.role_secretary,
	chief: m.role_chief,
	liaison: m.role_liaison,
	property: m.role_property,
	street: m.role_street
};

const affiliationLabels: Record<Affiliation, () => string> = {
	community_staff: m.affiliation_community_staff,
	property_staff: m.affiliation_property_staff,
	resident_volunteer: m.affiliation_resident_volunteer,
	enterprise_party: m.affiliation_enterprise_party
};

export const roleLabel = (role: Role): string => roleLabels[role]();
export const affiliationLabel = (affiliation: string): string =>
	affiliationLabels[affiliation as Affiliation]?.() ?? affiliation;
