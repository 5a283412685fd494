/**
 * The SM9 system parameters: the 256-bit Barreto–Naehrig curve of GM/T 0044.5-2016 (parameter
 * definition; = GB/T 38635.1-2020 Annex A), with the names GM/T 0044.1-2016 uses.
 *
 *   t  = 0x600000000058F98A                        (BN parameter)
 *   q  = 36t⁴ + 36t³ + 24t² + 6t + 1               (base field prime)
 *   N  = 36t⁴ + 36t³ + 18t² + 6t + 1               (order of G1, G2, GT)
 *   E  : y² = x³ + 5 over Fq (cofactor 1);  E' : y² = x³ + 5u over Fq2 (the sextic twist)
 *   P1 ∈ E(Fq), P2 ∈ E'(Fq2): generators; R-ate pairing with loop parameter a = 6t + 2.
 *
 * Fq2 coordinates are written [constant, coefficient of u]; the byte encodings put the
 * coefficient of u first (the P2 of GM/T 0044.5).
 *
 * @module
 */

/** BN parameter t (GM/T 0044.5). */
export const T = 0x600000000058f98an;
/** Base field prime q. */
export const Q = 0xb640000002a3a6f1d603ab4ff58ec74521f2934b1a7aeedbe56f9b27e351457dn;
/** Group order N. */
export const N = 0xb640000002a3a6f1d603ab4ff58ec74449f2934b18ea8beee56ee19cd69ecf25n;
/** Curve coefficient b of E (y² = x³ + b); the twist uses b·u. */
export const B = 5n;
/** Miller loop parameter of the R-ate pairing, a = 6t + 2 (GM/T 0044.1). */
export const ATE_LOOP = 6n * T + 2n;

/** Generator P1 of G1 (affine). */
export const P1_X = 0x93de051d62bf718ff5ed0704487d01d6e1e4086909dc3280e8c4e4817c66ddddn;
export const P1_Y = 0x21fe8dda4f21e607631065125c395bbc1c1c00cbfa6024350c464cd70a3ea616n;

/** Generator P2 of G2 (affine, twist coordinates), each as [constant, coefficient of u]. */
export const P2_X: readonly [bigint, bigint] = [
  0x3722755292130b08d2aab97fd34ec120ee265948d19c17abf9b7213baf82d65bn,
  0x85aef3d078640c98597b6027b441a01ff1dd2c190f5e93c454806c11d8806141n,
];
export const P2_Y: readonly [bigint, bigint] = [
  0xa7cf28d519be3da65f3170153d278ff247efba98a71a08116215bba5c999a7c7n,
  0x17509b092e845c1266ba0d262cbee6ed0736a96fa347c8bd856dc76b84ebeb96n,
];

/** Byte length of an Fq element and of a scalar mod N. */
export const FQ_BYTES = 32;
