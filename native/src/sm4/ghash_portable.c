/* GHASH (NIST SP 800-38D §6.4), portable and constant-time: carry-less products built from
 * integer multiplications of operands with 3-bit holes between data bits, so no table is
 * indexed by H or by the data.
 *
 * Representation shared by every GHASH path ("R-form"): a block read as a big-endian 128-bit
 * integer holds the coefficient of x^k at bit 127 - k. For R-forms a, b the 256-bit carry-less
 * product is the 256-bit reflection of a·b·x, so H is stored "twisted" as R(H·x^-1 mod P):
 *     tw(H) = (R(H) << 1) ^ (bit 127 of R(H) ? 0xC2000000000000000000000000000001 : 0),
 * and clmul(R(a), tw(H)) = [R(g_lo) : R(g_hi)] for a polynomial g ≡ a·H. Folding the high
 * half by x^128 ≡ x^7 + x^2 + x + 1 gives (with u = lo ^ (lo << 127 ^ lo << 126 ^ lo << 121))
 *     R(a·H) = hi ^ u ^ u >> 1 ^ u >> 2 ^ u >> 7.
 * Powers: tw(H^(j+k)) = mul(tw(H^j), tw(H^k)).
 */
#include "sm4_internal.h"

#include "secure.h"

typedef struct {
  uint64_t hi, lo;
} u128;

/* 32x32 -> 64 carry-less product: each integer product x_i·y_j sums at most 8 terms per
 * output bit, which fits in the 4-bit spacing, so the masked XOR of the four classes is exact. */
static inline uint64_t bmul32(uint32_t x, uint32_t y) {
  const uint64_t m0 = 0x11111111u, m1 = 0x22222222u, m2 = 0x44444444u, m3 = 0x88888888u;
  uint64_t x0 = x & m0, x1 = x & m1, x2 = x & m2, x3 = x & m3;
  uint64_t y0 = y & m0, y1 = y & m1, y2 = y & m2, y3 = y & m3;
  uint64_t z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
  uint64_t z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
  uint64_t z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
  uint64_t z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
  return (z0 & 0x1111111111111111ull) | (z1 & 0x2222222222222222ull) | (z2 & 0x4444444444444444ull) |
         (z3 & 0x8888888888888888ull);
}

/* 64x64 -> 128, Karatsuba over 32-bit halves. */
static inline u128 bmul64(uint64_t x, uint64_t y) {
  uint32_t x0 = (uint32_t)x, x1 = (uint32_t)(x >> 32), y0 = (uint32_t)y, y1 = (uint32_t)(y >> 32);
  uint64_t lo = bmul32(x0, y0), hi = bmul32(x1, y1);
  uint64_t mid = bmul32(x0 ^ x1, y0 ^ y1) ^ lo ^ hi;
  u128 r = {hi ^ (mid >> 32), lo ^ (mid << 32)};
  return r;
}

/* R(a·H) for a in R-form and h = tw(H). */
static u128 gmul(u128 a, u128 h) {
  u128 l = bmul64(a.lo, h.lo), hh = bmul64(a.hi, h.hi);
  u128 m = bmul64(a.lo ^ a.hi, h.lo ^ h.hi);
  m.hi ^= l.hi ^ hh.hi;
  m.lo ^= l.lo ^ hh.lo;
  /* 256-bit product [v3 v2 v1 v0] */
  uint64_t v0 = l.lo, v1 = l.hi ^ m.lo, v2 = hh.lo ^ m.hi, v3 = hh.hi;
  uint64_t u1 = v1 ^ (v0 << 63) ^ (v0 << 62) ^ (v0 << 57), u0 = v0;
  u128 r;
  r.hi = v3 ^ u1 ^ (u1 >> 1) ^ (u1 >> 2) ^ (u1 >> 7);
  r.lo = v2 ^ u0 ^ (u0 >> 1) ^ (u0 >> 2) ^ (u0 >> 7) ^ (u1 << 63) ^ (u1 << 62) ^ (u1 << 57);
  return r;
}

static inline uint64_t load_be64(const uint8_t *p) {
  return ((uint64_t)sm4_load_be32(p) << 32) | sm4_load_be32(p + 4);
}
static inline void store_be64(uint8_t *p, uint64_t v) {
  sm4_store_be32(p, (uint32_t)(v >> 32));
  sm4_store_be32(p + 4, (uint32_t)v);
}
static inline u128 load_r(const uint8_t *p) {
  u128 r = {load_be64(p), load_be64(p + 8)};
  return r;
}
static inline void store_r(uint8_t *p, u128 r) {
  store_be64(p, r.hi);
  store_be64(p + 8, r.lo);
}

/* Only tw(H) is needed here: the portable path multiplies block by block. */
void sm4_ghash_portable_init(sm4_ghash_key *gk, const uint8_t h[16], size_t maxblocks) {
  (void)maxblocks;
  u128 r = load_r(h);
  uint64_t m = 0 - (r.hi >> 63);
  u128 t = {(r.hi << 1) | (r.lo >> 63), r.lo << 1};
  t.hi ^= m & 0xc200000000000000ull;
  t.lo ^= m & 1;
  store_r(gk->pw[15], t);
  gk->npw = 1;
}

void sm4_ghash_portable(const sm4_ghash_key *gk, uint8_t y[16], const uint8_t *in, size_t n) {
  u128 h = load_r(gk->pw[15]), s = load_r(y);
  for (size_t i = 0; i < n; i++) {
    u128 x = load_r(in + 16 * i);
    s.hi ^= x.hi;
    s.lo ^= x.lo;
    s = gmul(s, h);
  }
  store_r(y, s);
  sm4_wipe(&h, sizeof h);
  sm4_wipe(&s, sizeof s);
}
