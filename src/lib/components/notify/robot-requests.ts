import * as m from '$lib/paraglide/messages';

/** The robots API as the settings page calls it: the server's own words on a refusal, a plain hint when it cannot be reached. */
export type RobotAnswer<T> = { ok: true; body: T } | { ok: false; error: string };

export async function robotRequest<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<RobotAnswer<T>> {
	try {
		const response = await fetch(path, {
			method,
			headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const answer = response.status === 204 ? null : await response.json().catch(() => null);
		if (!response.ok) return { ok: false, error: (answer as { error?: string } | null)?.error ?? m.robot_error_network() };
		return { ok: true, body: answer as T };
	} catch {
		return { ok: false, error: m.robot_error_network() };
	}
}
