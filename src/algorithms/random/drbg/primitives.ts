/**
 * The GM primitives under the GM/T 0105 generators: SM3 for the Hash_DRBG, SM4 for the CTR_DRBG.
 *
 * @module
 */
import { sm3 } from '../../sm3/index.js';
import { Sm4 } from '../../sm4/index.js';
import type { HashFunction } from '../../types.js';
import type { BlockCipherFactory } from './ctr-drbg.js';

export const Sm3: HashFunction = sm3;

/** A fresh SM4 key schedule per use; the mechanism destroys it afterwards. */
export const Sm4Factory: BlockCipherFactory = (key) => new Sm4(key);
