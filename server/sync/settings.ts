// The parser lives in src/lib/server (pure, also read by the demo seed); the sync server imports it from here.
export { readSyncSettings, type SyncSettings } from '../../src/lib/server/sync-settings';
