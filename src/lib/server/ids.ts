import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random, URL-safe string id (80 bits). */
export function newId(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
}
