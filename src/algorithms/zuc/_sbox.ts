/**
 * The ZUC S-boxes S0 and S1 (GM/T 0001.1-2012; 3GPP ZUC specification v1.6
 * §3.4) and the key-loading constants d_i of ZUC-128 (§3.5).
 *
 * @module
 */
import { fromHex } from '../internal/bytes.js';

/** S0, 256 entries, row-major as printed in the standard. */
export const S0: Uint8Array = /* @__PURE__ */ fromHex(
  '3e725b47cae0003304d1549809b96dcb7b1bf932af9d6aa5b82dfc1d08530390' +
  '4d4e8499e4ced991ddb685488b296eaccdc1f81e734369c6b5bdfd396320d438' +
  '767db2a7cfed57c5f32cbb142106559be3ef5e314f7f5aa40d8251495fba581c' +
  '4a16d517a892241f8cffd8ae2e01d3ad3b4bda46ebc9de9a8f87d73a806f2fc8' +
  'b1b437f70a2213287ccc3c89c7c3965607bf7ef00b2b975235417961a64c10fe' +
  'bc2695888ab0a3fbc01894f2e1e5e95dd0dc1166645cec59427512f5749caa23' +
  '0e86abbe2a02e767e644a26cc2939ff1f6fa36d250689e6271153dd640c4e20f' +
  '8e83776b25053f0c30ea70b7a1e8a9658d271adb81b3a0f4457a19dfee783460',
);

/** S1, 256 entries, row-major as printed in the standard. */
export const S1: Uint8Array = /* @__PURE__ */ fromHex(
  '55c263713bc847869f3cda5b29aafd778cc5940ca61a1300e3a8167240f9f842' +
  '4426689681d9453e1076c6a78b3943e13ab5562ac06db3052266bfdc0bfa6248' +
  'dd20110636c9c1cff62752bb69f5d4877f844cd29c57a4bc4f9adffed68d7aeb' +
  '2b53d85ca11417fb23d57d3067730809eeb7703f61b2198e4ee54b938f5ddba9' +
  'adf1ae2ecb0dfcf42d466e1d97e8d1e94d37a5755e839eab829db91ce0cd4989' +
  '01b6bd5824a25f387899159050b895e4d091c7ceed0fb46fa0ccf0024a79c3de' +
  'a3efea51e66b18ec1b2c80f774e7ff215a6a541e41319235c433070aba7e0e34' +
  '88b1987cf33d606c7bcad31f3265042864be859b2f598ad7b025acaf1203e2f2',
);

/** ZUC-128 key-loading constants d_0..d_15, 15 bits each (§3.5). */
export const D128: readonly number[] = Object.freeze([
  0x44d7, 0x26bc, 0x626b, 0x135e, 0x5789, 0x35e2, 0x7135, 0x09af,
  0x4d78, 0x2f13, 0x6bc4, 0x1af1, 0x5e26, 0x3c4d, 0x789a, 0x47ac,
]);
