/**
 * The server's VAPID key pair: made on first start and kept in `app_meta`, so every instance and
 * every restart signs with the same key (browsers' subscriptions are bound to the public key).
 * The private key never leaves the server; pages get the public key only.
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import webpush from 'web-push';
import { db, type Db } from '../db';
import { appMeta } from '../db/schema';

export type VapidKeys = { publicKey: string; privateKey: string };

const vapidKey = 'vapid';
const base64url = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/));
const storedSchema = v.object({ publicKey: base64url, privateKey: base64url });

/** Per database handle: a test that reopens another database must not see the last one's keys. */
const loaded = new WeakMap<Db, Promise<VapidKeys>>();

export async function loadOrCreateVapidKeys(database: Db): Promise<VapidKeys> {
	// Two instances starting together both insert; the first wins and both read back its pair.
	const fresh = webpush.generateVAPIDKeys();
	await database.insert(appMeta).values({ key: vapidKey, value: JSON.stringify(fresh) }).onConflictDoNothing();
	const [row] = await database.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, vapidKey));
	const stored = v.safeParse(storedSchema, row ? JSON.parse(row.value) : null);
	if (!stored.success) throw new Error('app_meta "vapid" holds no VAPID key pair; delete the row to make a new one (existing push subscriptions stop working)');
	return stored.output;
}

export function vapidKeys(): Promise<VapidKeys> {
	const database = db();
	let keys = loaded.get(database);
	if (!keys) {
		keys = loadOrCreateVapidKeys(database);
		keys.catch(() => loaded.delete(database));
		loaded.set(database, keys);
	}
	return keys;
}

export async function vapidPublicKey(): Promise<string> {
	return (await vapidKeys()).publicKey;
}

/**
 * Who runs this server, for push services that want to reach its operator: VAPID_SUBJECT, else an
 * https ORIGIN, else a mailto placeholder (Apple refuses `localhost` subjects).
 */
export function vapidSubject(env: NodeJS.ProcessEnv = process.env): string {
	const configured = env.VAPID_SUBJECT?.trim();
	if (configured && /^(mailto:|https:\/\/)/.test(configured)) return configured;
	const origin = env.ORIGIN?.trim() ?? '';
	if (/^https:\/\//.test(origin) && !/^https:\/\/localhost\b/.test(origin)) return origin;
	return 'mailto:grid-dispatch@example.invalid';
}
