/* GHASH (SP 800-38D §6.4) with PCLMULQDQ on 128-bit registers, four blocks per reduction
 * with H^4..H^1 (the AES-NI and AVX2-GFNI paths). Representation: ghash_clmul.h. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#include "ghash_clmul.h"
#include "secure.h"

#define TC __attribute__((target("pclmul,ssse3,sse4.1"), always_inline)) static inline
#define FC __attribute__((target("pclmul,ssse3,sse4.1")))

TC __m128i rev128(__m128i v) {
  return _mm_shuffle_epi8(v, _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
}

/* [hi : lo] -> R(product), see ghash_clmul.h */
TC __m128i reduce(__m128i hi, __m128i lo) {
  __m128i t = _mm_slli_si128(lo, 8);
  __m128i u = _mm_xor_si128(lo, _mm_xor_si128(_mm_slli_epi64(t, 63), _mm_xor_si128(_mm_slli_epi64(t, 62), _mm_slli_epi64(t, 57))));
  __m128i w = _mm_srli_si128(u, 8);
  __m128i r = _mm_xor_si128(u, _mm_xor_si128(_mm_srli_epi64(u, 1), _mm_xor_si128(_mm_srli_epi64(u, 2), _mm_srli_epi64(u, 7))));
  r = _mm_xor_si128(r, _mm_xor_si128(_mm_slli_epi64(w, 63), _mm_xor_si128(_mm_slli_epi64(w, 62), _mm_slli_epi64(w, 57))));
  return _mm_xor_si128(hi, r);
}

/* Accumulates the unreduced product a·b into (hi, mid, lo). */
TC void mul_acc(__m128i a, __m128i b, __m128i *hi, __m128i *mid, __m128i *lo) {
  *lo = _mm_xor_si128(*lo, _mm_clmulepi64_si128(a, b, 0x00));
  *hi = _mm_xor_si128(*hi, _mm_clmulepi64_si128(a, b, 0x11));
  *mid = _mm_xor_si128(*mid, _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x01), _mm_clmulepi64_si128(a, b, 0x10)));
}

TC __m128i finish(__m128i hi, __m128i mid, __m128i lo) {
  return reduce(_mm_xor_si128(hi, _mm_srli_si128(mid, 8)), _mm_xor_si128(lo, _mm_slli_si128(mid, 8)));
}

TC __m128i gmul(__m128i a, __m128i b) {
  __m128i hi = _mm_setzero_si128(), mid = hi, lo = hi;
  mul_acc(a, b, &hi, &mid, &lo);
  return finish(hi, mid, lo);
}

FC void sm4_ghash_clmul_init(sm4_ghash_key *gk, const uint8_t h[16], size_t maxblocks) {
  uint64_t hi, lo;
  (void)maxblocks;
  ghash_twist(h, &hi, &lo);
  __m128i p1 = _mm_set_epi64x((long long)hi, (long long)lo);
  __m128i p2 = gmul(p1, p1), p3 = gmul(p2, p1), p4 = gmul(p2, p2);
  _mm_storeu_si128((__m128i *)gk->pw[15], p1);
  _mm_storeu_si128((__m128i *)gk->pw[14], p2);
  _mm_storeu_si128((__m128i *)gk->pw[13], p3);
  _mm_storeu_si128((__m128i *)gk->pw[12], p4);
  gk->npw = 4;
  hi = lo = 0;
}

FC void sm4_ghash_clmul(const sm4_ghash_key *gk, uint8_t y[16], const uint8_t *in, size_t n) {
  __m128i s = rev128(_mm_loadu_si128((const __m128i *)y));
  while (n > 0) {
    size_t r = n < 4 ? n : 4;
    __m128i hi = _mm_setzero_si128(), mid = hi, lo = hi;
    for (size_t j = 0; j < r; j++) {
      __m128i d = rev128(_mm_loadu_si128((const __m128i *)(in + 16 * j)));
      if (j == 0) d = _mm_xor_si128(d, s);
      mul_acc(d, _mm_loadu_si128((const __m128i *)gk->pw[16 - r + j]), &hi, &mid, &lo);
    }
    s = finish(hi, mid, lo);
    in += 16 * r;
    n -= r;
  }
  _mm_storeu_si128((__m128i *)y, rev128(s));
}

#endif
