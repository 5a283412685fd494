/* Scalars modulo the order n of sm2p256v1 (GM/T 0003.5-2012 §5.1): four 64-bit limbs,
 * little-endian. Montgomery multiplication (R = 2^256, generic n: n0 = −n⁻¹ mod 2^64) in
 * portable C — a signature needs two multiplications, so a fast path would not show.
 * Everything is constant time; the inversion is a fixed-window Fermat exponentiation whose
 * windows are digits of the public exponent n − 2.
 */
#ifndef MIMA_SM2_SC_H
#define MIMA_SM2_SC_H

#include <stdint.h>

#include "fe.h"

typedef uint64_t sc_t[4];

extern const sc_t SM2_N;
extern const sc_t SM2_N_MINUS_1;

/* Big-endian bytes <-> limbs. */
void sm2_sc_from_be(sc_t r, const uint8_t b[32]);
void sm2_sc_to_be(uint8_t b[32], const sc_t a);

/* 1 if 1 <= a <= bound − 1 (a < bound), else 0; constant time. */
uint64_t sm2_sc_in_range(const sc_t a, const sc_t bound);

uint64_t sm2_sc_is_zero(const sc_t a);

/* a mod n for any a < 2^256 (< 2n): one conditional subtraction. */
void sm2_sc_reduce_once(sc_t r, const sc_t a);

/* Modular addition and subtraction of reduced values. */
void sm2_sc_add(sc_t r, const sc_t a, const sc_t b);
void sm2_sc_sub(sc_t r, const sc_t a, const sc_t b);

/* r = a·b·2^−256 mod n. */
void sm2_sc_mont_mul(sc_t r, const sc_t a, const sc_t b);
/* r = a·2^256 mod n (into the Montgomery domain). */
void sm2_sc_to_mont(sc_t r, const sc_t a);
/* r = a_m^(−1) in the Montgomery domain: a_m = a·R gives a⁻¹·R (Fermat, a^(n−2)). */
void sm2_sc_mont_inv(sc_t r, const sc_t a_m);

#endif
