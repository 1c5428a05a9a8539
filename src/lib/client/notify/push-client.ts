/**
 * The browser's side of Web Push: can this browser receive pushes at all, and turning them on
 * (permission, subscription with the server's VAPID key, registration with the server) or off.
 */

/** What this browser can do, before asking anything. */
export type PushSupport = 'supported' | 'ios-needs-install' | 'unsupported';

export function isIos(navigatorLike: Pick<Navigator, 'userAgent' | 'platform' | 'maxTouchPoints'> = navigator): boolean {
	// iPadOS presents itself as a Mac with a touch screen.
	return /iPad|iPhone|iPod/.test(navigatorLike.userAgent) || (navigatorLike.platform === 'MacIntel' && navigatorLike.maxTouchPoints > 1);
}

export function isStandalone(): boolean {
	return matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
}

export function pushSupport(): PushSupport {
	// iOS Safari offers Web Push only to a web app added to the home screen (iOS 16.4 and later).
	if (isIos() && !isStandalone()) return 'ios-needs-install';
	const capable = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
	return capable ? 'supported' : 'unsupported';
}

/** A short name for the device list: "Android · Chrome", "iPhone · Safari". */
export function deviceName(userAgent = navigator.userAgent): string {
	const system = /iPhone/.test(userAgent) ? 'iPhone' : /iPad/.test(userAgent) ? 'iPad' : /Android/.test(userAgent) ? 'Android' : /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'Mac' : /Linux/.test(userAgent) ? 'Linux' : '';
	const browser = /EdgA?\//.test(userAgent) ? 'Edge' : /HuaweiBrowser/.test(userAgent) ? '华为浏览器' : /MiuiBrowser/.test(userAgent) ? '小米浏览器' : /Firefox\//.test(userAgent) ? 'Firefox' : /(Chrome|CriOS)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : '';
	return [system, browser].filter(Boolean).join(' · ').slice(0, 80);
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
	const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
	return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
	if (!a || a.byteLength !== b.byteLength) return false;
	const bytes = new Uint8Array(a);
	return bytes.every((byte, i) => byte === b[i]);
}

/** The service worker's registration; null when it does not come within the deadline. */
async function registration(timeoutMs = 10_000): Promise<ServiceWorkerRegistration | null> {
	const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
	return Promise.race([navigator.serviceWorker.ready, timeout]);
}

export async function currentSubscription(): Promise<PushSubscription | null> {
	const ready = await registration(5_000);
	return ready ? ready.pushManager.getSubscription() : null;
}

/** Why turning on failed, for the page to say what to do. */
export type TurnOnFailure = 'blocked' | 'dismissed' | 'no-worker' | 'push-service' | 'server';
export type TurnOnResult = { ok: true; id: string } | { ok: false; failure: TurnOnFailure; detail?: string };

async function register(subscription: PushSubscription): Promise<{ ok: true; id: string } | { ok: false; detail: string }> {
	const response = await fetch('/api/me/push-subscriptions', {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({ ...subscription.toJSON(), device: deviceName() })
	}).catch(() => null);
	if (!response) return { ok: false, detail: '' };
	const body = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
	return response.status === 201 && body.id ? { ok: true, id: body.id } : { ok: false, detail: body.error ?? `${response.status}` };
}

/** Tells the server again about this browser's subscription (it may have changed hands or keys). */
export async function reRegister(subscription: PushSubscription): Promise<string | null> {
	const result = await register(subscription);
	return result.ok ? result.id : null;
}

export async function turnOn(publicKey: string): Promise<TurnOnResult> {
	const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
	if (permission === 'denied') return { ok: false, failure: 'blocked' };
	if (permission !== 'granted') return { ok: false, failure: 'dismissed' };
	const ready = await registration();
	if (!ready) return { ok: false, failure: 'no-worker' };
	const serverKey = keyBytes(publicKey);
	let subscription = await ready.pushManager.getSubscription();
	// A subscription made with another key (the server's keys were renewed) cannot be reused.
	if (subscription && !sameKey(subscription.options.applicationServerKey, serverKey)) {
		await subscription.unsubscribe().catch(() => false);
		subscription = null;
	}
	try {
		subscription ??= await ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
	} catch (caught) {
		return { ok: false, failure: 'push-service', detail: (caught as Error).message };
	}
	const registered = await register(subscription);
	if (registered.ok) return registered;
	await subscription.unsubscribe().catch(() => false);
	return { ok: false, failure: 'server', detail: registered.detail };
}

/** Turns pushes off on this browser: the server forgets it, then the browser. */
export async function turnOff(): Promise<void> {
	const subscription = await currentSubscription();
	if (!subscription) return;
	await fetch('/api/me/push-subscriptions', {
		method: 'DELETE',
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({ endpoint: subscription.endpoint })
	}).catch(() => null);
	await subscription.unsubscribe().catch(() => false);
}

export async function removeDevice(id: string): Promise<boolean> {
	const response = await fetch(`/api/me/push-subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { accept: 'application/json' } }).catch(() => null);
	return response?.status === 204;
}

export async function saveQuietHours(quiet: { enabled: boolean; start: number; end: number }): Promise<boolean> {
	const response = await fetch('/api/me/notify-prefs', {
		method: 'PUT',
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({ quietEnabled: quiet.enabled, quietStart: quiet.start, quietEnd: quiet.end })
	}).catch(() => null);
	return response?.ok ?? false;
}

export type TestPushAnswer = { ok: true } | { ok: false; error: string };

/** Asks the server to push a test notification to this device now. */
export async function sendTestPush(id: string): Promise<TestPushAnswer> {
	const response = await fetch('/api/me/push-test', {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({ id })
	}).catch(() => null);
	if (!response) return { ok: false, error: '' };
	const body = (await response.json().catch(() => ({}))) as { sent?: number; failed?: { error: string }[]; error?: string };
	if (response.ok && body.sent) return { ok: true };
	return { ok: false, error: body.error ?? body.failed?.[0]?.error ?? `${response.status}` };
}

/**
 * At sign-out, while still signed in: this device stops receiving the person's pushes (a shared
 * phone must not show the last user's matters on its lock screen). Never holds sign-out up long.
 */
export async function forgetThisDevice(timeoutMs = 3000): Promise<void> {
	if (!('serviceWorker' in navigator) || !('PushManager' in window) || Notification.permission !== 'granted') return;
	const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs));
	await Promise.race([turnOff().catch(() => {}), timeout]);
}
