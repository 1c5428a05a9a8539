// Hocuspocus 4.7 with no extensions: no auth hook, no persistence, default batching.
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const address = process.env.HOST ?? '127.0.0.1';

const server = new Server({ port, address, quiet: true });
await server.listen();
console.log(`hocuspocus server on ${address}:${port}`);
