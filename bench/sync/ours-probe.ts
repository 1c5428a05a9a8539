import WebSocket from 'ws';
import { clientTarget } from './clients/target';
import type { DocPlan } from './plan';
import { startServer } from './processes';

const probeTimeoutMs = 10_000;

function firstMessage(url: string, headers: Record<string, string>): Promise<string | null> {
	return new Promise((resolve) => {
		const socket = new WebSocket(url, { headers });
		const done = (problem: string | null) => {
			clearTimeout(timer);
			socket.removeAllListeners();
			socket.on('error', () => {});
			socket.terminate();
			resolve(problem);
		};
		const timer = setTimeout(() => done(`no message within ${probeTimeoutMs / 1000} s`), probeTimeoutMs);
		socket.on('unexpected-response', (_request, response) => done(`the upgrade got HTTP ${response.statusCode}`));
		socket.on('error', (error) => done(`connection error: ${error.message}`));
		socket.on('close', (code, reason) => done(`closed with ${code} ${reason}`.trim()));
		// Like every y-websocket client, speak first: sync step 1 with an empty state vector.
		socket.on('open', () => socket.send(new Uint8Array([0, 0, 1, 0])));
		socket.on('message', () => done(null));
	});
}

/**
 * Connects one client to our server before the rounds, so a missing or broken sync
 * endpoint costs seconds and a clear reason instead of a round of timeouts.
 */
export async function probeOurSync(doc: DocPlan, env: Record<string, string>): Promise<string | null> {
	let server;
	try {
		server = await startServer('ours', { ...env, DEMO: '0' });
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
	try {
		const target = clientTarget('ours', server.port, doc.name, doc.tokens[0]);
		return await firstMessage(`${target.serverUrl}/${target.docName}`, target.headers);
	} finally {
		await server.stop();
	}
}
