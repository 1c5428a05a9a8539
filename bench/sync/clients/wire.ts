// Message types on the wire: the stock y-websocket ones plus ours come from the project's
// protocol module; Hocuspocus numbers its own types and puts the document name first.
export { messageAuth, messageAwareness, messageStored, messageSync } from '../../../src/lib/domain/sync-protocol';

export const syncStep1 = 0;
export const syncStep2 = 1;
/** y-protocols auth sub-type. */
export const permissionDenied = 0;

export const hocuspocusAuth = 2;
export const hocuspocusSyncReply = 4;
export const hocuspocusStateless = 5;
export const hocuspocusPing = 9;
export const hocuspocusPong = 10;
/** Auth sub-types of Hocuspocus: token (client → server), permission denied. */
export const hocuspocusToken = 0;
export const hocuspocusDenied = 1;
