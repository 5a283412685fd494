/**
 * SHA-256 and SHA-384 (FIPS 180-4 §6.2, §6.5) through node:crypto (OpenSSL), behind the
 * shared `HashFunction` interface so they stand where SM3 stands.
 *
 * @module
 */
import { createHash, type Hash as NodeHash } from 'node:crypto';
import type { Hash, HashFunction } from '../types.js';

class NodeHashState implements Hash {
  readonly outputLen: number;
  readonly blockLen: number;
  readonly #name: string;
  #h: NodeHash | undefined;

  constructor(name: string, outputLen: number, blockLen: number, h: NodeHash) {
    this.#name = name;
    this.outputLen = outputLen;
    this.blockLen = blockLen;
    this.#h = h;
  }

  update(data: Uint8Array): this {
    if (!(data instanceof Uint8Array)) throw new TypeError(`${this.#name}.update: expected Uint8Array`);
    this.#live('update').update(data);
    return this;
  }

  /** Finalises; the object cannot be used afterwards. */
  digest(): Uint8Array {
    const h = this.#live('digest');
    this.#h = undefined;
    return new Uint8Array(h.digest());
  }

  clone(): Hash {
    return new NodeHashState(this.#name, this.outputLen, this.blockLen, this.#live('clone').copy());
  }

  #live(fn: string): NodeHash {
    if (this.#h === undefined) throw new TypeError(`${this.#name}.${fn}: digest() was already called`);
    return this.#h;
  }
}

function nodeHash(name: 'sha256' | 'sha384', outputLen: number, blockLen: number): HashFunction {
  const create = (): Hash => new NodeHashState(name, outputLen, blockLen, createHash(name));
  const fn = (data: Uint8Array): Uint8Array => {
    if (!(data instanceof Uint8Array)) throw new TypeError(`${name}: expected Uint8Array`);
    return new Uint8Array(createHash(name).update(data).digest());
  };
  // `name` is a read-only own property of every function, so define rather than assign.
  Object.defineProperties(fn, {
    name: { value: name, enumerable: true },
    outputLen: { value: outputLen, enumerable: true },
    blockLen: { value: blockLen, enumerable: true },
    create: { value: create, enumerable: true },
  });
  return Object.freeze(fn) as HashFunction;
}

/** SHA-256 (FIPS 180-4 §6.2): 32-byte digest, 64-byte blocks. */
export const sha256: HashFunction = nodeHash('sha256', 32, 64);

/** SHA-384 (FIPS 180-4 §6.5): 48-byte digest, 128-byte blocks. */
export const sha384: HashFunction = nodeHash('sha384', 48, 128);
