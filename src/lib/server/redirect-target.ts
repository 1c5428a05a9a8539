/**
 * Where to send someone after sign-in: a path of this origin, else home. The raw value is
 * parsed as the browser will read the Location header, so `/\evil.example`, `/\t/evil.example`
 * (tabs are dropped, backslashes read as slashes) and `/.//evil.example` cannot leave the site.
 */
export function sameOriginPath(raw: string | null, origin: string): string {
	if (!raw || !raw.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(raw, origin);
	} catch {
		return '/';
	}
	if (url.origin !== origin || url.pathname.startsWith('//')) return '/';
	return url.pathname + url.search + url.hash;
}
