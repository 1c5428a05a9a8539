import { hash, verify } from '@node-rs/argon2';

// OWASP's minimum argon2id settings; a cheap phone never hashes, the server does.
const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// Used when the username is unknown, so the answer takes as long as a real check.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
	dummyHash ??= hashPassword('no-such-user');
	await verifyPassword(await dummyHash, password);
	return false;
}

const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password a person can read aloud and type on a phone: no 0/o, 1/l/i. */
export function generateInitialPassword(length = 10): string {
	const bytes = crypto.getRandomValues(new Uint8Array(length));
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
