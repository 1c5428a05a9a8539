import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/**
 * How a stored snapshot holds its Yjs update. A community document after a year is about
 * 430 kB of update that deflates to about 80 kB (client ids and household keys repeat), and
 * reading it is the larger half of a document's load: the database sends bytea as hex text,
 * which the driver decodes twice. Deflated, the load reads a fifth of it and inflates on
 * libuv's thread pool, off the event loop (bench/README.md, long-life).
 */
export const snapshotCodecs = {
	/** The Yjs update as it is: every snapshot written before migration 0012. */
	plain: 0,
	/** The Yjs update, raw deflate. */
	deflated: 1
} as const;

export type StoredSnapshot = { state: Uint8Array; codec: number };

export async function encodeSnapshot(update: Uint8Array): Promise<StoredSnapshot> {
	return { state: new Uint8Array(await deflate(update)), codec: snapshotCodecs.deflated };
}

export async function decodeSnapshot({ state, codec }: StoredSnapshot): Promise<Uint8Array> {
	if (codec === snapshotCodecs.plain) return state;
	if (codec === snapshotCodecs.deflated) return new Uint8Array(await inflate(state));
	throw new Error(`snapshot codec ${codec} is unknown to this server version`);
}
