/**
 * GM/T 0018 (SDF) in TypeScript: every function of the standard's two editions that this
 * device implements, named as the standard names them, plus the Mima batch extensions. The
 * network server dispatches the wire protocol's function table onto these exports by name, and
 * the TypeScript SDK offers the same names for a remote machine.
 *
 * @module
 */
export * from './device-management.js';
export * from './device-info.js';
export * from './keys.js';
export * from './asym.js';
export * from './validation.js';
export * from './sym.js';
export * from './hash.js';
export * from './files.js';
export * from './mima-batch.js';
export { sdfCall } from './result.js';
export * from './sgd.js';
export * from './structs.js';
export type { DeviceHandle, SessionHandle } from './handles.js';
