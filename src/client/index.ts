/**
 * The TypeScript SDK of the server crypto machine: `connectRemote()` gives the SDF functions of
 * a machine on the network with the same names and shapes as the local facade (src/sdf/).
 *
 * @module
 */
export { connectRemote, type RemoteSdf } from './remote.js';
export { readSdfConf, DEFAULT_SDF_CONF, type RemoteConfig } from './config.js';
export { Connection } from './connection.js';
