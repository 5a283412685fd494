/** Reading and writing the SM2 key files the CLI works with (PEM or DER, as OpenSSL writes them). */
import { readFileSync } from 'node:fs';
import {
  decodeSm2PrivateKey,
  decodeSm2PublicKey,
  encodeSm2PrivateKeyPem,
  encodeSm2PublicKeyPem,
} from '../../formats/index.js';
import { decompressPublicKey } from '../../algorithms/sm2/index.js';
import { engine } from '../../engine/index.js';
import { writeOutput, writeSecretFile } from '../io.js';

export interface LoadedPrivateKey {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

/** A private key file; the public key is taken from the file or derived. */
export function loadPrivateKey(file: string): LoadedPrivateKey {
  const { privateKey, publicKey } = decodeSm2PrivateKey(readFileSync(file));
  return { privateKey, publicKey: publicKey ?? engine().sm.sm2.publicKeyOf(privateKey) };
}

/** A public key file, as an uncompressed point. */
export function loadPublicKey(file: string): Uint8Array {
  const pub = decodeSm2PublicKey(readFileSync(file));
  return pub.length === 33 ? decompressPublicKey(pub) : pub;
}

export function savePrivateKey(file: string, key: LoadedPrivateKey): void {
  writeSecretFile(file, encodeSm2PrivateKeyPem(key.privateKey, key.publicKey));
}

export function savePublicKey(file: string | undefined, publicKey: Uint8Array): void {
  writeOutput(file, encodeSm2PublicKeyPem(publicKey));
}
