/**
 * Power-up known-answer test of the ZUC module: one case per algorithm, taken from the
 * standards' test data (see the cited sources).
 *
 * @module
 */
import { fromHex } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { Zuc128, eea3, eia3 } from './zuc128.js';
import { Zuc256, zuc256Mac } from './zuc256.js';

const hex = (b: Uint8Array | Uint32Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(b instanceof Uint32Array ? 8 : 2, '0')).join('');

/**
 * Runs the known-answer tests:
 * - ZUC-128 keystream, GM/T 0001.1-2012 Annex A test 3 (first two words);
 * - 128-EEA3, GM/T 0001.2-2012 / 3GPP EEA3 test set 1 (193 bits);
 * - 128-EIA3, GM/T 0001.3-2012 / 3GPP EIA3 test set 2 (577 bits);
 * - ZUC-256 keystream (all-zero key and IV, first 4 words) and 32-bit MAC of 400 zero bits,
 *   "The ZUC-256 Stream Cipher" test vectors.
 * @throws CryptoError SDR_UNKNOWERR "zuc.selfTest: known-answer test failed".
 */
export function selfTest(): void {
  let ok = true;
  const z = new Zuc128(fromHex('3d4c4be96a82fdaeb58f641db17b455b'), fromHex('84319aa8de6915ca1f6bda6bfbd8c766'));
  ok = hex(z.keystream(2)) === '14f1c2723279c419' && ok;
  z.destroy();
  const pt = fromHex('6cf65340735552ab0c9752fa6f9025fe0bd675d9005875b200');
  const ct = eea3(fromHex('173d14ba5003731d7a60049470f00a29'), 0x66035492, 15, 0, pt, 193);
  ok = hex(ct) === 'a6c85fc66afb8533aafc2518dfe784940ee1e4b030238cc800' && ok;
  const msg = fromHex(
    '983b41d47d780c9e1ad11d7eb70391b1de0b35da2dc62f83e7b78d6306ca0ea07e941b7be91348f9fcb170e2217fecd9' +
      '7f9f68adb16e5d7d21e569d280ed775cebde3f4093c5388100',
  );
  ok = hex(eia3(fromHex('c9e6cec4607c72db000aefa88385ab0a'), 0xa94059da, 10, 1, msg, 577)) === 'fae8ff0b' && ok;
  const z256 = new Zuc256(new Uint8Array(32), new Uint8Array(25));
  ok = hex(z256.keystream(4)) === '58d03ad62e032ce2dafc683a39bdcb03' && ok;
  z256.destroy();
  ok = hex(zuc256Mac(new Uint8Array(32), new Uint8Array(25), new Uint8Array(50), 32)) === '9b972a74' && ok;
  if (!ok) throw new CryptoError('SDR_UNKNOWERR', 'zuc.selfTest: known-answer test failed');
}
