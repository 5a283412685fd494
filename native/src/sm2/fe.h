/* Field arithmetic modulo the SM2 prime (GM/T 0003.5-2012 §5.1)
 *   p = 2^256 − 2^224 − 2^96 + 2^64 − 1
 * with four 64-bit limbs, little-endian, in the Montgomery domain (a·2^256 mod p), every value
 * fully reduced into [0, p). Portable C: products with unsigned __int128.
 *
 * Montgomery reduction exploits the special form: p ≡ −1 (mod 2^64), so −p⁻¹ mod 2^64 = 1 and
 * the per-limb quotient is the limb itself (no multiplication), and m·p needs no multiplication
 * either: m + m·p = m·(p + 1) = m·2^64·[(2^64 − 2^32 + 1) + (2^64 − 1)·2^64 + (2^64 − 2^32 − 1)·2^128]
 * — shifts and subtractions, see fe_redc_step. (A Solinas-style reduction of the 512-bit product
 * by 2^256 ≡ 2^224 + 2^96 − 2^64 + 1 needs two folds of 32-bit-shifted words, by our count ~70
 * instructions against ~60 for these four steps; it was not implemented.)
 *
 * Everything here is constant time: no branch or memory index depends on the values. Selection
 * uses masks behind a value barrier so that the compiler cannot turn it back into a branch.
 */
#ifndef MIMA_SM2_FE_H
#define MIMA_SM2_FE_H

#include <stdint.h>
#include <stddef.h>

typedef uint64_t fe_t[4];
typedef unsigned __int128 u128;

/* The prime, little-endian limbs. */
#define SM2_P0 0xFFFFFFFFFFFFFFFFULL
#define SM2_P1 0xFFFFFFFF00000000ULL
#define SM2_P2 0xFFFFFFFFFFFFFFFFULL
#define SM2_P3 0xFFFFFFFEFFFFFFFFULL

/* Hides a value from the optimiser so masks stay masks. */
static inline uint64_t fe_barrier(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
  __asm__("" : "+r"(x));
#endif
  return x;
}

/* All-ones if bit = 1, zero if bit = 0. */
static inline uint64_t fe_mask(uint64_t bit) { return fe_barrier(0 - (bit & 1)); }

static inline void fe_copy(fe_t r, const fe_t a) {
  r[0] = a[0]; r[1] = a[1]; r[2] = a[2]; r[3] = a[3];
}

static inline void fe_zero(fe_t r) { r[0] = r[1] = r[2] = r[3] = 0; }

/* r = a if bit = 0, b if bit = 1 (constant time). r may alias a or b. */
static inline void fe_select(fe_t r, const fe_t a, const fe_t b, uint64_t bit) {
  uint64_t m = fe_mask(bit);
  for (int i = 0; i < 4; i++) r[i] = (a[i] & ~m) | (b[i] & m);
}

/* 1 if a = 0 (as a reduced value), else 0. */
static inline uint64_t fe_is_zero(const fe_t a) {
  uint64_t t = a[0] | a[1] | a[2] | a[3];
  return 1 & ((t | (0 - t)) >> 63 ^ 1);
}

static inline uint64_t fe_equal(const fe_t a, const fe_t b) {
  uint64_t t = (a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]);
  return 1 & ((t | (0 - t)) >> 63 ^ 1);
}

/* Add/subtract with carry. On x86-64 the adc/sbb intrinsics (baseline ISA) give straight carry
 * chains; elsewhere 128-bit arithmetic. Both are branch-free. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <x86intrin.h>
static inline uint64_t adc64(uint64_t a, uint64_t b, uint64_t cin, uint64_t *out) {
  unsigned long long o;
  uint64_t c = _addcarry_u64((unsigned char)cin, a, b, &o);
  *out = o;
  return c;
}
static inline uint64_t sbb64(uint64_t a, uint64_t b, uint64_t bin, uint64_t *out) {
  unsigned long long o;
  uint64_t c = _subborrow_u64((unsigned char)bin, a, b, &o);
  *out = o;
  return c;
}
#else
static inline uint64_t adc64(uint64_t a, uint64_t b, uint64_t cin, uint64_t *out) {
  u128 s = (u128)a + b + cin;
  *out = (uint64_t)s;
  return (uint64_t)(s >> 64);
}
static inline uint64_t sbb64(uint64_t a, uint64_t b, uint64_t bin, uint64_t *out) {
  u128 d = (u128)a - b - bin;
  *out = (uint64_t)d;
  return (uint64_t)(d >> 64) & 1;
}
#endif

/* r = (c·2^256 + t) − p if that is >= 0, else t; for values below 2p (c is the carry bit). */
static inline void fe_reduce_once(fe_t r, uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3, uint64_t c) {
  uint64_t s0, s1, s2, s3, b;
  b = sbb64(t0, SM2_P0, 0, &s0);
  b = sbb64(t1, SM2_P1, b, &s1);
  b = sbb64(t2, SM2_P2, b, &s2);
  b = sbb64(t3, SM2_P3, b, &s3);
  b = sbb64(c, 0, b, &c);
  /* b = 1: the value was below p, keep t */
  uint64_t keep = fe_mask(b);
  r[0] = (t0 & keep) | (s0 & ~keep);
  r[1] = (t1 & keep) | (s1 & ~keep);
  r[2] = (t2 & keep) | (s2 & ~keep);
  r[3] = (t3 & keep) | (s3 & ~keep);
}

static inline void fe_add(fe_t r, const fe_t a, const fe_t b) {
  uint64_t t0, t1, t2, t3, c;
  c = adc64(a[0], b[0], 0, &t0);
  c = adc64(a[1], b[1], c, &t1);
  c = adc64(a[2], b[2], c, &t2);
  c = adc64(a[3], b[3], c, &t3);
  fe_reduce_once(r, t0, t1, t2, t3, c);
}

static inline void fe_sub(fe_t r, const fe_t a, const fe_t b) {
  uint64_t t0, t1, t2, t3, bw, c;
  bw = sbb64(a[0], b[0], 0, &t0);
  bw = sbb64(a[1], b[1], bw, &t1);
  bw = sbb64(a[2], b[2], bw, &t2);
  bw = sbb64(a[3], b[3], bw, &t3);
  /* add p back when it borrowed */
  uint64_t m = fe_mask(bw);
  c = adc64(t0, SM2_P0 & m, 0, &r[0]);
  c = adc64(t1, SM2_P1 & m, c, &r[1]);
  c = adc64(t2, SM2_P2 & m, c, &r[2]);
  adc64(t3, SM2_P3 & m, c, &r[3]);
}

static inline void fe_dbl(fe_t r, const fe_t a) { fe_add(r, a, a); }

/* r = −a mod p (0 stays 0). */
static inline void fe_neg(fe_t r, const fe_t a) {
  fe_t z = {0, 0, 0, 0};
  fe_sub(r, z, a);
}

/* r = a if bit = 0, −a if bit = 1 (constant time). */
static inline void fe_cneg(fe_t r, const fe_t a, uint64_t bit) {
  fe_t n;
  fe_neg(n, a);
  fe_select(r, a, n, bit);
}

/* r = c·a mod p for a small constant c (2 <= c <= 8): the 5-limb product, its top limb h folded
 * back with 2^256 ≡ 2^224 + 2^96 − 2^64 + 1 (mod p), then one conditional subtraction (the
 * folded value is below 2^256 + 8·2^225 < 2p). */
static inline void fe_mul_small(fe_t r, const fe_t a, uint64_t c) {
  uint64_t t0, t1, t2, t3, h, cc;
  u128 m = (u128)a[0] * c;                      t0 = (uint64_t)m;
  m = (u128)a[1] * c + (uint64_t)(m >> 64);     t1 = (uint64_t)m;
  m = (u128)a[2] * c + (uint64_t)(m >> 64);     t2 = (uint64_t)m;
  m = (u128)a[3] * c + (uint64_t)(m >> 64);     t3 = (uint64_t)m;
  h = (uint64_t)(m >> 64);
  /* + h·(2^224 + 2^96 − 2^64 + 1) = limbs [h, (h << 32) − h, 0, h << 32] */
  cc = adc64(t0, h, 0, &t0);
  cc = adc64(t1, (h << 32) - h, cc, &t1);
  cc = adc64(t2, 0, cc, &t2);
  cc = adc64(t3, h << 32, cc, &t3);
  fe_reduce_once(r, t0, t1, t2, t3, cc);
}

/* One Montgomery step on the 4-limb window u: u = (u + u0·p) / 2^64 (stays below 2^256 when
 * the input does: (2^256 + 2^64·p) / 2^64 = 2^192 + p < 2^256). With m = u0,
 *   (u + m·p)/2^64 = (u1, u2, u3, 0) + m·(2^64 − 2^32 + 1) + m·(2^64 − 1)·2^64 + m·(2^64 − 2^32 − 1)·2^128
 *                  = (u1, u2, u3, 0) + [m, 0, 0, m] − [m << 32, m >> 32, m << 32, m >> 32]
 * (the last line in limbs: m + m·2^192 − m·2^32 − m·2^160, which is >= 0). */
static inline void fe_redc_step(uint64_t u[4]) {
  uint64_t m = u[0], lo = m << 32, hi = m >> 32, c;
  c = adc64(u[1], m, 0, &u[0]);
  c = adc64(u[2], 0, c, &u[1]);
  c = adc64(u[3], 0, c, &u[2]);
  adc64(m, 0, c, &u[3]);
  c = sbb64(u[0], lo, 0, &u[0]);
  c = sbb64(u[1], hi, c, &u[1]);
  c = sbb64(u[2], lo, c, &u[2]);
  sbb64(u[3], hi, c, &u[3]);
}

/* r = (hi + REDC(lo)) mod p for a 512-bit t = hi·2^256 + lo with t < p·2^256: REDC(lo) <= p and
 * hi < p, so one conditional subtraction suffices. */
static inline void fe_redc(fe_t r, const uint64_t t[8]) {
  uint64_t u[4] = {t[0], t[1], t[2], t[3]}, s0, s1, s2, s3, c;
  fe_redc_step(u);
  fe_redc_step(u);
  fe_redc_step(u);
  fe_redc_step(u);
  c = adc64(u[0], t[4], 0, &s0);
  c = adc64(u[1], t[5], c, &s1);
  c = adc64(u[2], t[6], c, &s2);
  c = adc64(u[3], t[7], c, &s3);
  fe_reduce_once(r, s0, s1, s2, s3, c);
}

/* Portable Montgomery multiplication: r = a·b·2^−256 mod p. */
static inline void fe_mul_port(fe_t r, const fe_t a, const fe_t b) {
  uint64_t t[8];
  u128 acc;
  uint64_t c;
  acc = (u128)a[0] * b[0];                     t[0] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  acc = (u128)a[0] * b[1] + c;                 t[1] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  acc = (u128)a[0] * b[2] + c;                 t[2] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  acc = (u128)a[0] * b[3] + c;                 t[3] = (uint64_t)acc; t[4] = (uint64_t)(acc >> 64);
  for (int i = 1; i < 4; i++) {
    acc = (u128)a[i] * b[0] + t[i];            t[i] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
    acc = (u128)a[i] * b[1] + t[i + 1] + c;    t[i + 1] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
    acc = (u128)a[i] * b[2] + t[i + 2] + c;    t[i + 2] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
    acc = (u128)a[i] * b[3] + t[i + 3] + c;    t[i + 3] = (uint64_t)acc; t[i + 4] = (uint64_t)(acc >> 64);
  }
  fe_redc(r, t);
}

/* Portable Montgomery squaring: the six cross products once, doubled, plus the squares. */
static inline void fe_sqr_port(fe_t r, const fe_t a) {
  uint64_t t[8];
  u128 acc;
  uint64_t c;
  /* cross products a_i·a_j, i < j */
  acc = (u128)a[0] * a[1];                     t[1] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  acc = (u128)a[0] * a[2] + c;                 t[2] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  acc = (u128)a[0] * a[3] + c;                 t[3] = (uint64_t)acc; t[4] = (uint64_t)(acc >> 64);
  acc = (u128)a[1] * a[2] + t[3];              t[3] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  acc = (u128)a[1] * a[3] + t[4] + c;          t[4] = (uint64_t)acc; t[5] = (uint64_t)(acc >> 64);
  acc = (u128)a[2] * a[3] + t[5];              t[5] = (uint64_t)acc; t[6] = (uint64_t)(acc >> 64);
  /* double them */
  t[7] = t[6] >> 63;
  t[6] = (t[6] << 1) | (t[5] >> 63);
  t[5] = (t[5] << 1) | (t[4] >> 63);
  t[4] = (t[4] << 1) | (t[3] >> 63);
  t[3] = (t[3] << 1) | (t[2] >> 63);
  t[2] = (t[2] << 1) | (t[1] >> 63);
  t[1] = t[1] << 1;
  /* add the squares a_i² at limbs 2i, 2i+1 */
  acc = (u128)a[0] * a[0];                     t[0] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  acc = (u128)t[1] + c;                        t[1] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  for (int i = 1; i < 4; i++) {
    u128 sq = (u128)a[i] * a[i];
    acc = (u128)t[2 * i] + (uint64_t)sq + c;   t[2 * i] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
    acc = (u128)t[2 * i + 1] + (uint64_t)(sq >> 64) + c; t[2 * i + 1] = (uint64_t)acc; c = (uint64_t)(acc >> 64);
  }
  fe_redc(r, t);
}

/* Big-endian bytes <-> plain (non-Montgomery) limbs. */
static inline void fe_from_be(uint64_t r[4], const uint8_t b[32]) {
  for (int i = 0; i < 4; i++) {
    uint64_t v = 0;
    for (int j = 0; j < 8; j++) v = (v << 8) | b[(3 - i) * 8 + j];
    r[i] = v;
  }
}

static inline void fe_to_be(uint8_t b[32], const uint64_t a[4]) {
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 8; j++) b[(3 - i) * 8 + j] = (uint8_t)(a[i] >> (56 - 8 * j));
}

/* 1 if the plain 256-bit a < m (limbs), else 0; constant time. */
static inline uint64_t u256_less(const uint64_t a[4], const uint64_t m[4]) {
  uint64_t bw = 0, t;
  for (int i = 0; i < 4; i++) bw = sbb64(a[i], m[i], bw, &t);
  return bw;
}

#endif
