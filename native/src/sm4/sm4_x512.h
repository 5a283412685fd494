/* Shared inline pieces of the AVX-512 + GFNI path (sm4_gfni512*.c): constants, the round,
 * the word-slicing transpose. See sm4_tables.c for the A1-domain round. */
#ifndef MIMA_SM4_X512_H
#define MIMA_SM4_X512_H
#include <immintrin.h>

#include "sm4_internal.h"

#define X512_ATTR __attribute__((target("avx512f,avx512bw,avx512vl,gfni,vpclmulqdq,pclmul")))
#define T512 X512_ATTR __attribute__((always_inline)) static inline
#define F512 X512_ATTR static

/* Key schedule and serial modes (sm4_gfni512_serial.c), GHASH (ghash_vpclmul.c). */
X512_ATTR void sm4_x512_expand(const uint8_t key[16], uint32_t rk[SM4_RK_WORDS], int dec);
X512_ATTR void sm4_x512_ecb_small(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t n);
X512_ATTR void sm4_x512_cbc_enc(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n);
X512_ATTR void sm4_x512_cfb_enc(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n);
X512_ATTR void sm4_x512_ofb(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n);
X512_ATTR void sm4_x512_cbc_mac(const uint32_t *rk, uint8_t st[16], const uint8_t *in, size_t n);
X512_ATTR void sm4_ghash_vpclmul_init(sm4_ghash_key *gk, const uint8_t h[16], size_t maxblocks);
X512_ATTR void sm4_ghash_vpclmul(const sm4_ghash_key *gk, uint8_t y[16], const uint8_t *in, size_t n);

typedef struct {
  __m512i m0, m8, m24, a1, a1inv, bswap;
} k512;

T512 k512 consts512(void) {
  k512 k;
  k.m0 = _mm512_set1_epi64((long long)sm4_c.m0);
  k.m8 = _mm512_set1_epi64((long long)sm4_c.m8);
  k.m24 = _mm512_set1_epi64((long long)sm4_c.m24);
  k.a1 = _mm512_set1_epi64((long long)sm4_c.a1);
  k.a1inv = _mm512_set1_epi64((long long)sm4_c.a1inv);
  k.bswap = _mm512_broadcast_i32x4(_mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
  return k;
}

/* One round on one set: x0 ^= G0 ^ G8<<<8 ^ G8<<<16 ^ G24<<<24 of t = x1 ^ x2 ^ x3 ^ rk
 * (x3, the newest word, joins last). */
#define ROUND512(x0, x1, x2, x3, rkv)                                                      \
  do {                                                                                     \
    __m512i t_ = _mm512_xor_si512(_mm512_ternarylogic_epi32(x1, x2, rkv, 0x96), x3);       \
    __m512i g0_ = _mm512_gf2p8affineinv_epi64_epi8(t_, k->m0, 0);                          \
    __m512i g8_ = _mm512_gf2p8affineinv_epi64_epi8(t_, k->m8, 0);                          \
    __m512i g24_ = _mm512_gf2p8affineinv_epi64_epi8(t_, k->m24, 0);                        \
    x0 = _mm512_ternarylogic_epi32(x0, g0_, _mm512_rol_epi32(g24_, 24), 0x96);             \
    x0 = _mm512_ternarylogic_epi32(x0, _mm512_rol_epi32(g8_, 8), _mm512_rol_epi32(g8_, 16), 0x96); \
  } while (0)

/* Four rounds (i .. i+3) on `sets` sets x[4s .. 4s+3] (A1 domain in and out; words stay in
 * place, so after 32 rounds the output words are x[4s+3], x[4s+2], x[4s+1], x[4s]). */
T512 void rounds512_4(__m512i *x, int sets, const uint32_t *rk, int i, const k512 *k) {
  {
    const __m512i k0 = _mm512_set1_epi32((int)rk[4 * i]), k1 = _mm512_set1_epi32((int)rk[4 * i + 4]);
    const __m512i k2 = _mm512_set1_epi32((int)rk[4 * i + 8]), k3 = _mm512_set1_epi32((int)rk[4 * i + 12]);
#pragma GCC unroll 8
    for (int s = 0; s < sets; s++) ROUND512(x[4 * s], x[4 * s + 1], x[4 * s + 2], x[4 * s + 3], k0);
#pragma GCC unroll 8
    for (int s = 0; s < sets; s++) ROUND512(x[4 * s + 1], x[4 * s + 2], x[4 * s + 3], x[4 * s], k1);
#pragma GCC unroll 8
    for (int s = 0; s < sets; s++) ROUND512(x[4 * s + 2], x[4 * s + 3], x[4 * s], x[4 * s + 1], k2);
#pragma GCC unroll 8
    for (int s = 0; s < sets; s++) ROUND512(x[4 * s + 3], x[4 * s], x[4 * s + 1], x[4 * s + 2], k3);
  }
}

/* Rounds i .. i+3 above; all 32 here. */
T512 void rounds512(__m512i *x, int sets, const uint32_t *rk, const k512 *k) {
  for (int i = 0; i < 32; i += 4) rounds512_4(x, sets, rk, i, k);
}

/* 4x4 transpose of 32-bit words inside each 128-bit lane (its own inverse). Register j lane L
 * holds block 4j + L before; word w of that block is then in register w, dword 4L + j. */
#define TRANSPOSE512(a, b, c, d)                 \
  do {                                           \
    __m512i t0_ = _mm512_unpacklo_epi32(a, b);   \
    __m512i t1_ = _mm512_unpackhi_epi32(a, b);   \
    __m512i t2_ = _mm512_unpacklo_epi32(c, d);   \
    __m512i t3_ = _mm512_unpackhi_epi32(c, d);   \
    a = _mm512_unpacklo_epi64(t0_, t2_);         \
    b = _mm512_unpackhi_epi64(t0_, t2_);         \
    c = _mm512_unpacklo_epi64(t1_, t3_);         \
    d = _mm512_unpackhi_epi64(t1_, t3_);         \
  } while (0)

/* Blocks (four registers of raw bytes) -> word-sliced A1-domain state. */
T512 void to_state(__m512i *x, const __m512i *raw, const k512 *k) {
  __m512i a = _mm512_shuffle_epi8(raw[0], k->bswap), b = _mm512_shuffle_epi8(raw[1], k->bswap);
  __m512i c = _mm512_shuffle_epi8(raw[2], k->bswap), d = _mm512_shuffle_epi8(raw[3], k->bswap);
  TRANSPOSE512(a, b, c, d);
  x[0] = _mm512_gf2p8affine_epi64_epi8(a, k->a1, 0);
  x[1] = _mm512_gf2p8affine_epi64_epi8(b, k->a1, 0);
  x[2] = _mm512_gf2p8affine_epi64_epi8(c, k->a1, 0);
  x[3] = _mm512_gf2p8affine_epi64_epi8(d, k->a1, 0);
}

/* Final state -> output blocks (the cipher's output is X35, X34, X33, X32). */
T512 void from_state(__m512i *raw, const __m512i *x, const k512 *k) {
  __m512i a = _mm512_gf2p8affine_epi64_epi8(x[3], k->a1inv, 0);
  __m512i b = _mm512_gf2p8affine_epi64_epi8(x[2], k->a1inv, 0);
  __m512i c = _mm512_gf2p8affine_epi64_epi8(x[1], k->a1inv, 0);
  __m512i d = _mm512_gf2p8affine_epi64_epi8(x[0], k->a1inv, 0);
  TRANSPOSE512(a, b, c, d);
  raw[0] = _mm512_shuffle_epi8(a, k->bswap);
  raw[1] = _mm512_shuffle_epi8(b, k->bswap);
  raw[2] = _mm512_shuffle_epi8(c, k->bswap);
  raw[3] = _mm512_shuffle_epi8(d, k->bswap);
}

#endif
