// The baseline: the stock y-websocket server of `@y/websocket-server` 0.1.1 as its own
// bin script runs it (no auth, no checks, no persistence), on the project's `ws` 8.
import { createServer } from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);

const server = createServer((_request, response) => {
	response.writeHead(200, { 'Content-Type': 'text/plain' });
	response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, host, () => console.log(`plain y-websocket server on ${host}:${port}`));
// Exit on SIGTERM as a process, not by the signal, so that `--cpu-prof` in --server-flags writes its profile.
process.on('SIGTERM', () => process.exit(0));
