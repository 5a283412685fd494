/**
 * GM/T 0018 user-file functions (§6.7): fixed-size files in the device's store. The storage
 * limit is DEVICEINFO.BufferSize (FILE_STORAGE_BYTES). Decisions: src/device/ops/files.ts.
 *
 * @module
 */
import * as ops from '../device/ops/files.js';
import { FILE_STORAGE_BYTES } from './device-info.js';
import { sessionOf, type SessionHandle } from './handles.js';

export async function SDF_CreateFile(hSessionHandle: SessionHandle, pucFileName: Uint8Array, uiFileSize: number): Promise<void> {
  await ops.createFile(sessionOf(hSessionHandle), pucFileName, uiFileSize, FILE_STORAGE_BYTES, 'SDF_CreateFile');
}

/** Reads up to `uiFileLength` bytes at `uiOffset` (fewer at the end of the file). */
export async function SDF_ReadFile(hSessionHandle: SessionHandle, pucFileName: Uint8Array, uiOffset: number, uiFileLength: number): Promise<Uint8Array> {
  return ops.readFile(sessionOf(hSessionHandle), pucFileName, uiOffset, uiFileLength, 'SDF_ReadFile');
}

export async function SDF_WriteFile(hSessionHandle: SessionHandle, pucFileName: Uint8Array, uiOffset: number, pucBuffer: Uint8Array): Promise<void> {
  await ops.writeFile(sessionOf(hSessionHandle), pucFileName, uiOffset, pucBuffer, 'SDF_WriteFile');
}

export async function SDF_DeleteFile(hSessionHandle: SessionHandle, pucFileName: Uint8Array): Promise<void> {
  await ops.deleteFile(sessionOf(hSessionHandle), pucFileName, 'SDF_DeleteFile');
}
