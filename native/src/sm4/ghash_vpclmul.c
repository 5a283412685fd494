/* GHASH (SP 800-38D §6.4) with VPCLMULQDQ on 512-bit registers: four blocks per register,
 * 16 blocks per reduction with H^16..H^1 (the AVX-512 path). Representation and reduction:
 * ghash_clmul.h. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include "ghash_x512.h"

X512_ATTR void sm4_ghash_vpclmul_init(sm4_ghash_key *gk, const uint8_t h[16], size_t maxblocks) {
  uint64_t hi, lo;
  ghash_twist(h, &hi, &lo);
  __m512i p1 = _mm512_broadcast_i32x4(_mm_set_epi64x((long long)hi, (long long)lo));
  __m512i p2 = gmul512(p1, p1);
  /* blend masks pick 64-bit halves: 128-bit lane L is bits 2L, 2L+1 */
  __m512i b = _mm512_mask_blend_epi64(0x0c, p2, p1);       /* [H^2, H, H^2, H^2] */
  __m512i prod = gmul512(p2, b);                           /* [H^4, H^3, .., ..] */
  __m512i a4 = _mm512_mask_blend_epi64(0xc0, _mm512_mask_blend_epi64(0x30, prod, p2), p1); /* [H^4, H^3, H^2, H] */
  _mm512_storeu_si512((void *)gk->pw[12], a4);
  gk->npw = 4;
  if (maxblocks > 4) {
    __m512i h4 = _mm512_broadcast_i32x4(_mm512_castsi512_si128(a4));
    __m512i c = gmul512(a4, h4); /* [H^8 .. H^5] */
    __m512i h8 = _mm512_broadcast_i32x4(_mm512_castsi512_si128(c));
    __m512i d = gmul512(a4, h8), e = gmul512(c, h8);
    _mm512_storeu_si512((void *)gk->pw[8], c);
    _mm512_storeu_si512((void *)gk->pw[4], d);
    _mm512_storeu_si512((void *)gk->pw[0], e);
    gk->npw = 16;
  }
  hi = lo = 0;
}

X512_ATTR void sm4_ghash_vpclmul(const sm4_ghash_key *gk, uint8_t y[16], const uint8_t *in, size_t n) {
  __m512i s = load_y(y);
  for (; n >= 16; n -= 16, in += 256) s = ghash16(s, in, gk);
  if (n > 0) {
    /* the last r < 16 blocks with H^r .. H^1 */
    const size_t r = n;
    __m512i hi = _mm512_setzero_si512(), mid = hi, lo = hi;
    for (int j = 0; j < 4 && 4u * (size_t)j < r; j++) {
      size_t c = r - 4u * (size_t)j;
      __mmask8 m = (__mmask8)(c >= 4 ? 0xff : (1u << (2 * c)) - 1);
      __m512i d = rev512(_mm512_maskz_loadu_epi64(m, in + 64 * j));
      if (j == 0) d = _mm512_xor_si512(d, s);
      __m512i p = _mm512_maskz_loadu_epi64(m, gk->pw[16 - r + 4 * j]);
      mul_acc512(d, p, &hi, &mid, &lo);
    }
    hi = _mm512_xor_si512(hi, _mm512_bsrli_epi128(mid, 8));
    lo = _mm512_xor_si512(lo, _mm512_bslli_epi128(mid, 8));
    s = reduce512(_mm512_zextsi128_si512(hxor(hi)), _mm512_zextsi128_si512(hxor(lo)));
  }
  store_y(y, s);
}

#endif
