import { eq } from 'drizzle-orm';
import { db } from './db';
import { communities, memberships, streets, users } from './db/schema';
import { newId } from './ids';
import { generateInitialPassword, hashPassword } from './passwords';
import { recordAudit } from './audit';

export type FirstCommunityInput = {
	street: string;
	community: string;
	secretaryUsername: string;
	secretaryName?: string;
	secretaryPhone?: string;
	password?: string;
};

export type FirstCommunityResult = { communityId: string; username: string; password: string };

/** Creates a street (or reuses one of that name), a community and its secretary. */
export async function createFirstCommunity(input: FirstCommunityInput): Promise<FirstCommunityResult> {
	const username = input.secretaryUsername.trim().toLowerCase();
	if (!/^[a-z0-9_.-]{2,32}$/.test(username)) {
		throw new Error('--secretary must be 2–32 letters, digits, "_", "." or "-"');
	}
	if (!input.street.trim() || !input.community.trim()) throw new Error('--street and --community must not be empty');
	const password = input.password ?? generateInitialPassword();
	if (password.length < 8) throw new Error('--password must be at least 8 characters');
	const passwordHash = await hashPassword(password);

	return db().transaction(async (tx) => {
		const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
		if (taken) throw new Error(`The username "${username}" is already taken`);
		const [existingStreet] = await tx.select().from(streets).where(eq(streets.name, input.street.trim()));
		const streetId = existingStreet?.id ?? newId();
		if (!existingStreet) await tx.insert(streets).values({ id: streetId, name: input.street.trim() });
		const communityId = newId();
		await tx.insert(communities).values({ id: communityId, streetId, name: input.community.trim() });
		const userId = newId();
		await tx.insert(users).values({
			id: userId,
			username,
			displayName: input.secretaryName?.trim() || username,
			phone: input.secretaryPhone?.trim() ?? '',
			passwordHash,
			partyMember: true,
			affiliation: 'community_staff',
			// A generated password is one-time: the secretary picks their own at first sign-in.
			mustChangePassword: input.password === undefined
		});
		await tx.insert(memberships).values({ id: newId(), userId, role: 'secretary', communityId });
		await recordAudit(tx, { communityId, actorId: null, action: 'setup.community', targetUserId: userId, detail: { street: input.street, community: input.community } });
		return { communityId, username, password };
	});
}
