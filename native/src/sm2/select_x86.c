/* Constant-time table readers with AVX2 and AVX-512F (target attribute per function; installed
 * by sm2.c only when the CPU has the feature). Every entry is loaded; a lane mask from comparing
 * the entry number with idx keeps the wanted one. */
#include "ec.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

__attribute__((target("avx2"))) void sm2_select_avx2(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx) {
  __m256i want = _mm256_set1_epi64x((long long)idx), cur = _mm256_set1_epi64x(1), one = cur;
  __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256();
  for (unsigned i = 0; i < n; i++) {
    __m256i m = _mm256_cmpeq_epi64(cur, want);
    a0 = _mm256_or_si256(a0, _mm256_and_si256(m, _mm256_loadu_si256((const __m256i *)(entries + 8 * i))));
    a1 = _mm256_or_si256(a1, _mm256_and_si256(m, _mm256_loadu_si256((const __m256i *)(entries + 8 * i + 4))));
    cur = _mm256_add_epi64(cur, one);
  }
  _mm256_storeu_si256((__m256i *)out, a0);
  _mm256_storeu_si256((__m256i *)(out + 4), a1);
}

__attribute__((target("avx2"))) void sm2_select96_avx2(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx) {
  __m256i want = _mm256_set1_epi64x((long long)idx), cur = _mm256_set1_epi64x(1), one = cur;
  __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256(), a2 = _mm256_setzero_si256();
  for (unsigned i = 0; i < n; i++) {
    __m256i m = _mm256_cmpeq_epi64(cur, want);
    a0 = _mm256_or_si256(a0, _mm256_and_si256(m, _mm256_loadu_si256((const __m256i *)(entries + 12 * i))));
    a1 = _mm256_or_si256(a1, _mm256_and_si256(m, _mm256_loadu_si256((const __m256i *)(entries + 12 * i + 4))));
    a2 = _mm256_or_si256(a2, _mm256_and_si256(m, _mm256_loadu_si256((const __m256i *)(entries + 12 * i + 8))));
    cur = _mm256_add_epi64(cur, one);
  }
  _mm256_storeu_si256((__m256i *)out, a0);
  _mm256_storeu_si256((__m256i *)(out + 4), a1);
  _mm256_storeu_si256((__m256i *)(out + 8), a2);
}

/* AVX-512: one zmm per entry. The lane mask is computed arithmetically and applied with
 * AND/OR, never as a k-mask on a load: a compiler folds `mask_mov(acc, m, load)` into a masked
 * load (vmovdqu64 m, zmm{k}), whose memory access may be skipped for a zero mask — no such
 * difference showed in our dudect runs, but a secret mask must not decide whether memory is
 * read. (Also AVX-512F only: no DQ/BW needed.) */
__attribute__((target("avx512f"))) void sm2_select_avx512(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx) {
  const __m512i want = _mm512_set1_epi64((long long)idx), one = _mm512_set1_epi64(1);
  __m512i cur = one, acc = _mm512_setzero_si512();
  for (unsigned i = 0; i < n; i++) {
    __m512i x = _mm512_xor_si512(cur, want);
    /* all ones iff x = 0: the top bit of (x − 1) & ~x */
    __m512i m = _mm512_srai_epi64(_mm512_andnot_si512(x, _mm512_sub_epi64(x, one)), 63);
    acc = _mm512_or_si512(acc, _mm512_and_si512(m, _mm512_loadu_si512((const void *)(entries + 8 * i))));
    cur = _mm512_add_epi64(cur, one);
  }
  _mm512_storeu_si512((void *)out, acc);
}
#endif
