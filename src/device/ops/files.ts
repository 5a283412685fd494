/**
 * Device-side user files (GM/T 0018 §6.7): fixed-size files in the device store, created,
 * read and written at offsets, deleted. Decisions: names are 1..128 bytes of UTF-8 without NUL
 * (SDR_INARGERR otherwise); a file is created zero-filled at its size; a read past the end
 * returns the bytes up to the end (an offset beyond the end is SDR_FILEOFSERR); a write that
 * would run past the end is SDR_FILESIZEERR; the sum of file sizes is capped (DEVICEINFO
 * BufferSize, SDR_NOBUFFER beyond it). Creating and deleting files is audited.
 *
 * @module
 */
import { copyBytes } from '../../algorithms/internal/bytes.js';
import { CryptoError } from '../../algorithms/internal/errors.js';
import type { Session } from '../session.js';

export const MAX_FILE_NAME_BYTES = 128;

function fileName(name: Uint8Array, fn: string): string {
  if (name.length < 1 || name.length > MAX_FILE_NAME_BYTES || name.includes(0)) {
    throw new CryptoError('SDR_INARGERR', `${fn}: a file name is 1..${MAX_FILE_NAME_BYTES} bytes without NUL`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(name);
  } catch {
    throw new CryptoError('SDR_INARGERR', `${fn}: a file name must be UTF-8`);
  }
}

async function existing(s: Session, name: string, fn: string) {
  const f = await s.device.store.getFile(name);
  if (!f) throw new CryptoError('SDR_FILENOEXIST', `${fn}: no file named ${JSON.stringify(name)}`);
  return f;
}

export async function createFile(s: Session, rawName: Uint8Array, size: number, capacity: number, fn: string): Promise<void> {
  s.check();
  const name = fileName(rawName, fn);
  if (!Number.isInteger(size) || size < 1) throw new CryptoError('SDR_INARGERR', `${fn}: uiFileSize must be at least 1`);
  if (size > capacity) throw new CryptoError('SDR_FILESIZEERR', `${fn}: ${size} bytes exceed the device's file storage (${capacity})`);
  await s.device.store.transaction(async (tx) => {
    if (await tx.getFile(name)) throw new CryptoError('SDR_FILEEXISTS', `${fn}: a file named ${JSON.stringify(name)} exists`);
    if ((await tx.totalFileBytes()) + size > capacity) throw new CryptoError('SDR_NOBUFFER', `${fn}: not enough file storage left for ${size} bytes`);
    await tx.insertFile({ name, size, data: new Uint8Array(size) });
  });
  await s.device.audit({ actor: s.principal.name, role: s.principal.role, action: 'file.create', target: name, outcome: 'ok', detail: { size } });
}

export async function readFile(s: Session, rawName: Uint8Array, offset: number, length: number, fn: string): Promise<Uint8Array> {
  s.check();
  const f = await existing(s, fileName(rawName, fn), fn);
  if (!Number.isInteger(offset) || offset < 0 || offset > f.size) throw new CryptoError('SDR_FILEOFSERR', `${fn}: offset ${offset} is beyond the file's ${f.size} bytes`);
  return f.data.slice(offset, Math.min(f.size, offset + length));
}

export async function writeFile(s: Session, rawName: Uint8Array, offset: number, data: Uint8Array, fn: string): Promise<void> {
  s.check();
  const name = fileName(rawName, fn);
  await s.device.store.transaction(async (tx) => {
    const f = await tx.getFile(name);
    if (!f) throw new CryptoError('SDR_FILENOEXIST', `${fn}: no file named ${JSON.stringify(name)}`);
    if (!Number.isInteger(offset) || offset < 0 || offset > f.size) throw new CryptoError('SDR_FILEOFSERR', `${fn}: offset ${offset} is beyond the file's ${f.size} bytes`);
    if (offset + data.length > f.size) throw new CryptoError('SDR_FILESIZEERR', `${fn}: writing ${data.length} bytes at ${offset} runs past the file's ${f.size} bytes`);
    const next = copyBytes(f.data);
    next.set(data, offset);
    await tx.updateFileData(name, next);
  });
}

export async function deleteFile(s: Session, rawName: Uint8Array, fn: string): Promise<void> {
  s.check();
  const name = fileName(rawName, fn);
  if ((await s.device.store.deleteFile(name)) === 0) throw new CryptoError('SDR_FILENOEXIST', `${fn}: no file named ${JSON.stringify(name)}`);
  await s.device.audit({ actor: s.principal.name, role: s.principal.role, action: 'file.delete', target: name, outcome: 'ok' });
}
