/**
 * Domain parameters of an SM2 curve: y² = x³ + ax + b over GF(p), base point G of prime order n,
 * cofactor h.
 *
 * `SM2P256V1` is the recommended curve of GM/T 0003.5-2012 (= GB/T 32918.5-2017) §5.1
 * ("推荐曲线参数"), OID 1.2.156.10197.1.301.
 *
 * @module
 */

/** Parameters of a short Weierstrass curve, as the SM2 schemes use them. */
export interface CurveParams {
  readonly name: string;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  readonly h: bigint;
}

/** sm2p256v1, GM/T 0003.5-2012 §5.1. */
export const SM2P256V1: CurveParams = Object.freeze({
  name: 'sm2p256v1',
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
  h: 1n,
});
