/* GHASH helpers on 512-bit registers (VPCLMULQDQ), shared by ghash_vpclmul.c and the fused
 * GCM kernel of sm4_gfni512.c. Representation and reduction: ghash_clmul.h. */
#ifndef MIMA_GHASH_X512_H
#define MIMA_GHASH_X512_H

#include "ghash_clmul.h"
#include "sm4_x512.h"

T512 __m512i rev512(__m512i v) {
  return _mm512_shuffle_epi8(
      v, _mm512_broadcast_i32x4(_mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)));
}

#define XOR3Z(a, b, c) _mm512_ternarylogic_epi64(a, b, c, 0x96)

/* Lane-wise [hi : lo] -> R(product). */
T512 __m512i reduce512(__m512i hi, __m512i lo) {
  __m512i t = _mm512_bslli_epi128(lo, 8);
  __m512i u = _mm512_xor_si512(lo, XOR3Z(_mm512_slli_epi64(t, 63), _mm512_slli_epi64(t, 62), _mm512_slli_epi64(t, 57)));
  __m512i w = _mm512_bsrli_epi128(u, 8);
  __m512i r = XOR3Z(u, _mm512_srli_epi64(u, 1), _mm512_srli_epi64(u, 2));
  r = XOR3Z(r, _mm512_srli_epi64(u, 7), _mm512_slli_epi64(w, 63));
  r = XOR3Z(r, _mm512_slli_epi64(w, 62), _mm512_slli_epi64(w, 57));
  return _mm512_xor_si512(hi, r);
}

T512 void mul_acc512(__m512i a, __m512i b, __m512i *hi, __m512i *mid, __m512i *lo) {
  *lo = _mm512_xor_si512(*lo, _mm512_clmulepi64_epi128(a, b, 0x00));
  *hi = _mm512_xor_si512(*hi, _mm512_clmulepi64_epi128(a, b, 0x11));
  *mid = XOR3Z(*mid, _mm512_clmulepi64_epi128(a, b, 0x01), _mm512_clmulepi64_epi128(a, b, 0x10));
}

T512 __m512i gmul512(__m512i a, __m512i b) {
  __m512i hi = _mm512_setzero_si512(), mid = hi, lo = hi;
  mul_acc512(a, b, &hi, &mid, &lo);
  return reduce512(_mm512_xor_si512(hi, _mm512_bsrli_epi128(mid, 8)), _mm512_xor_si512(lo, _mm512_bslli_epi128(mid, 8)));
}

/* The XOR of the four 128-bit lanes. */
T512 __m128i hxor(__m512i v) {
  __m256i a = _mm256_xor_si256(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
  return _mm_xor_si128(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
}

/* y (R-form, in lane 0) absorbs 16 blocks with H^16..H^1 from pw; one reduction. */
T512 __m512i ghash16(__m512i y, const uint8_t *in, const sm4_ghash_key *gk) {
  __m512i hi = _mm512_setzero_si512(), mid = hi, lo = hi;
  for (int j = 0; j < 4; j++) {
    __m512i d = rev512(_mm512_loadu_si512((const void *)(in + 64 * j)));
    if (j == 0) d = _mm512_xor_si512(d, y);
    mul_acc512(d, _mm512_loadu_si512((const void *)gk->pw[4 * j]), &hi, &mid, &lo);
  }
  hi = _mm512_xor_si512(hi, _mm512_bsrli_epi128(mid, 8));
  lo = _mm512_xor_si512(lo, _mm512_bslli_epi128(mid, 8));
  return reduce512(_mm512_zextsi128_si512(hxor(hi)), _mm512_zextsi128_si512(hxor(lo)));
}

T512 __m512i load_y(const uint8_t y[16]) {
  return _mm512_zextsi128_si512(
      _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)y), _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)));
}
T512 void store_y(uint8_t y[16], __m512i s) {
  _mm_storeu_si128((__m128i *)y,
                   _mm_shuffle_epi8(_mm512_castsi512_si128(s), _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)));
}

#endif
