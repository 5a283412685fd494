/* GHASH with carry-less multiplication, the math shared by the PCLMULQDQ (128-bit) and
 * VPCLMULQDQ (512-bit) paths. Blocks are byte-reversed into the "R-form" of
 * ghash_portable.c (coefficient of x^k at bit 127 - k) and H^k is kept twisted,
 * tw(H^k) = R(H^k · x^-1), so that one clmul product needs no shift:
 *     clmul(R(a), tw(b)) = [hi : lo] with R(a·b) = hi ^ u ^ u>>1 ^ u>>2 ^ u>>7,
 *     u = lo ^ (lo << 127) ^ (lo << 126) ^ (lo << 121)   (128-bit shifts).
 * Key layout (sm4_ghash_key.pw): pw[16 - k] = tw(H^k) as a little-endian 128-bit value, so a
 * plain load gives the register. This header is included inside target-attributed code. */
#ifndef MIMA_GHASH_CLMUL_H
#define MIMA_GHASH_CLMUL_H

#include <stdint.h>

#include "sm4_internal.h"

/* tw(H) from H in GCM byte order, constant-time scalar code. */
static inline void ghash_twist(const uint8_t h[16], uint64_t *hi, uint64_t *lo) {
  uint64_t a = ((uint64_t)sm4_load_be32(h) << 32) | sm4_load_be32(h + 4);
  uint64_t b = ((uint64_t)sm4_load_be32(h + 8) << 32) | sm4_load_be32(h + 12);
  uint64_t m = 0 - (a >> 63);
  *hi = ((a << 1) | (b >> 63)) ^ (m & 0xc200000000000000ull);
  *lo = (b << 1) ^ (m & 1);
}

#endif
