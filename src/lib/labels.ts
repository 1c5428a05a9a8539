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

const auditLabels: Record<string, () => string> = {
	'user.create': m.audit_user_create,
	'user.update': m.audit_user_update,
	'role.add': m.audit_role_add,
	'role.remove': m.audit_role_remove,
	'user.disable': m.audit_user_disable,
	'user.enable': m.audit_user_enable,
	'user.password-reset': m.audit_password_reset,
	'setup.community': m.audit_setup_community,
	'building.public-code-rotate': m.audit_public_code_rotate,
	'community.hotline': m.audit_community_hotline
};

export const auditLabel = (action: string): string => auditLabels[action]?.() ?? action;
