import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags for the server process, set before anything else of ours runs.
 *
 * Allocation-site pretenuring: V8 moves an allocation site's objects straight to the old
 * generation once enough of them seem to survive. For the sync server it picked the sites of the
 * write path (a Yjs transaction's maps, the write check's context), whose objects die within the
 * message. Dead in the old generation, they still kept what they pointed to alive through every
 * young-generation collection: each scavenge promoted about 1 MB and paused the event loop about
 * 9 ms, which set the delivery p99. Without it: 0.36 MB and 2.6 ms (`bench/README.md`, issue 18).
 * The flag is read at every collection, so setting it at start-up takes effect.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
