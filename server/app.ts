import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startNotifier } from '../src/lib/server/notify/notifier';
import { prepareApp, type StartupReport } from '../src/lib/server/startup';
import type { ServerConfig } from './config';
import { stopSyncServer, syncServer, upgradeHandler } from './upgrade';

// Set on every request we serve directly; see `trustPlainHttp`.
const protocolHeader = 'x-grid-dispatch-protocol';

/**
 * adapter-node assumes https when ORIGIN is unset, which breaks form posts on
 * http://localhost:3000. Without ORIGIN we serve plain HTTP ourselves, so we tell
 * the handler the real protocol (overwriting whatever a client sent).
 */
function trustPlainHttp(origin: string | undefined): (req: IncomingMessage) => void {
	if (origin) return () => {};
	process.env.PROTOCOL_HEADER = protocolHeader;
	return (req) => {
		req.headers[protocolHeader] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
	};
}

export type RunningServer = {
	server: Server;
	url: string;
	startup: StartupReport;
	close(): Promise<void>;
};

export async function startServer(config: ServerConfig): Promise<RunningServer> {
	const startup = await prepareApp();
	const markProtocol = trustPlainHttp(config.origin);
	// adapter-node cuts bodies off at 512K by default, before our endpoints could answer a clear
	// 413; the endpoints enforce their own limits (20 MB uploads, 4 MB JSON), so let those through.
	process.env.BODY_SIZE_LIMIT ??= '25M';
	// The adapter-node output exists only after `vite build`; a URL keeps it out of type-checking.
	const handlerUrl = new URL('../build/handler.js', import.meta.url).href;
	const { handler } = (await import(handlerUrl)) as {
		handler: (req: IncomingMessage, res: ServerResponse) => void;
	};

	const server = createServer((req, res) => {
		markProtocol(req);
		handler(req, res);
	});
	// Node closes idle keep-alive sockets after 5 s; a client reusing one at that moment gets
	// ECONNRESET (seen in an end-to-end run). Keep them longer than clients and proxies do.
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	await syncServer({ origin: config.origin, redisUrl: config.redisUrl });
	server.on('upgrade', upgradeHandler({ origin: config.origin, redisUrl: config.redisUrl }));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, resolve);
	});
	const { port } = server.address() as AddressInfo;
	const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	const url = `http://${shownHost}:${port}`;
	// Links in group messages and pushes need an address phones can open: ORIGIN when it is set.
	const notifier = startNotifier(config.origin ?? url);

	return {
		server,
		url,
		startup,
		close: async () => {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			await notifier.stop();
			await stopSyncServer();
			server.closeIdleConnections();
			setTimeout(() => server.closeAllConnections(), 2000).unref();
			await closed;
		}
	};
}
