/* EIA3 / ZUC-256 MAC accumulation kernels with carry-less multiplication (see zuc_mac.c for
 * the formula): per message word k, clmul(z_k * 2^32 + z_{k+1}, bitreverse(m_k)).
 *
 * Operand layout per 128-bit lane: the keystream qwords K_k, K_{k+1} (dwords z_{k+1}, z_k,
 * z_{k+2}, z_{k+1}: one unpacklo_epi32 of the keystream loaded at k + 1 and at k), and the
 * message dwords r_k, r_{k+1} zero-extended to qwords (unpacklo_epi32 with zero); imm 0x00
 * multiplies the low qwords, 0x11 the high ones. All products are XORed into one accumulator
 * and only its low 64 bits of each lane matter.
 *
 * Bit reversal of message bytes: PSHUFB on nibbles (pclmul kernel) or one GF2P8AFFINEQB with
 * the bit-reversal matrix 0x8040201008040201 (vpclmul kernel). No data-dependent branches or
 * memory indexes. */
#include "zuc_internal.h"

#ifdef MIMA_ZUC_X86
#include <immintrin.h>

/* ---- PCLMULQDQ + SSSE3, four words per step ---- */

/* Every x86-64 CPU with PCLMULQDQ (Intel Westmere, AMD Bulldozer and later) has SSSE3. */
#define TPCL __attribute__((target("pclmul,ssse3")))

TPCL static inline __m128i brev_bytes_ssse3(__m128i x) {
  const __m128i lo_tab = _mm_setr_epi8(0x00, 0x08, 0x04, 0x0c, 0x02, 0x0a, 0x06, 0x0e, 0x01, 0x09, 0x05, 0x0d, 0x03,
                                       0x0b, 0x07, 0x0f);
  const __m128i hi_tab = _mm_slli_epi16(lo_tab, 4); /* rev4(n) << 4; no byte crosses (values < 16) */
  const __m128i nib = _mm_set1_epi8(0x0f);
  __m128i lo = _mm_and_si128(x, nib);
  __m128i hi = _mm_and_si128(_mm_srli_epi16(x, 4), nib);
  /* brev8(x) = rev4(lo) << 4 | rev4(hi) */
  return _mm_or_si128(_mm_shuffle_epi8(hi_tab, lo), _mm_shuffle_epi8(lo_tab, hi));
}

TPCL uint64_t mima_zuc_mac_pclmul(const uint32_t *z, const uint8_t *msg, size_t nwords) {
  __m128i acc = _mm_setzero_si128();
  const __m128i zero = _mm_setzero_si128();
  size_t k = 0;
  for (; k + 4 <= nwords; k += 4) {
    __m128i za = _mm_loadu_si128((const __m128i *)(z + k));     /* z_k .. z_{k+3} */
    __m128i zb = _mm_loadu_si128((const __m128i *)(z + k + 1)); /* z_{k+1} .. z_{k+4} */
    __m128i k01 = _mm_unpacklo_epi32(zb, za);                   /* K_k, K_{k+1} */
    __m128i k23 = _mm_unpackhi_epi32(zb, za);                   /* K_{k+2}, K_{k+3} */
    __m128i r = brev_bytes_ssse3(_mm_loadu_si128((const __m128i *)(msg + 4 * k)));
    __m128i r01 = _mm_unpacklo_epi32(r, zero);
    __m128i r23 = _mm_unpackhi_epi32(r, zero);
    acc = _mm_xor_si128(acc, _mm_clmulepi64_si128(k01, r01, 0x00));
    acc = _mm_xor_si128(acc, _mm_clmulepi64_si128(k01, r01, 0x11));
    acc = _mm_xor_si128(acc, _mm_clmulepi64_si128(k23, r23, 0x00));
    acc = _mm_xor_si128(acc, _mm_clmulepi64_si128(k23, r23, 0x11));
  }
  for (; k < nwords; k++) {
    __m128i K = _mm_cvtsi64_si128((long long)(((uint64_t)z[k] << 32) | z[k + 1]));
    uint32_t m;
    __builtin_memcpy(&m, msg + 4 * k, 4);
    __m128i r = brev_bytes_ssse3(_mm_cvtsi32_si128((int)m));
    acc = _mm_xor_si128(acc, _mm_clmulepi64_si128(K, r, 0x00));
  }
  return (uint64_t)_mm_cvtsi128_si64(acc);
}

/* ---- VPCLMULQDQ + GFNI on 512-bit registers, sixteen words per step ---- */

#define TVPCL __attribute__((target("avx512f,avx512bw,avx512vl,vpclmulqdq,gfni,pclmul,ssse3")))

TVPCL uint64_t mima_zuc_mac_vpclmul(const uint32_t *z, const uint8_t *msg, size_t nwords) {
  const __m512i brev = _mm512_set1_epi64(0x8040201008040201ll);
  const __m512i zero = _mm512_setzero_si512();
  __m512i acc0 = _mm512_setzero_si512(), acc1 = _mm512_setzero_si512();
  size_t k = 0;
  for (; k + 16 <= nwords; k += 16) {
    __m512i za = _mm512_loadu_si512((const void *)(z + k));
    __m512i zb = _mm512_loadu_si512((const void *)(z + k + 1));
    __m512i klo = _mm512_unpacklo_epi32(zb, za); /* per lane L: K_{k+4L}, K_{k+4L+1} */
    __m512i khi = _mm512_unpackhi_epi32(zb, za); /* K_{k+4L+2}, K_{k+4L+3} */
    __m512i r = _mm512_gf2p8affine_epi64_epi8(_mm512_loadu_si512((const void *)(msg + 4 * k)), brev, 0);
    __m512i rlo = _mm512_unpacklo_epi32(r, zero);
    __m512i rhi = _mm512_unpackhi_epi32(r, zero);
    acc0 = _mm512_ternarylogic_epi64(acc0, _mm512_clmulepi64_epi128(klo, rlo, 0x00),
                                     _mm512_clmulepi64_epi128(klo, rlo, 0x11), 0x96);
    acc1 = _mm512_ternarylogic_epi64(acc1, _mm512_clmulepi64_epi128(khi, rhi, 0x00),
                                     _mm512_clmulepi64_epi128(khi, rhi, 0x11), 0x96);
  }
  __m512i acc = _mm512_xor_si512(acc0, acc1);
  /* Fold the four lanes: only the low qword of each lane is used. */
  __m128i a = _mm_xor_si128(_mm_xor_si128(_mm512_castsi512_si128(acc), _mm512_extracti32x4_epi32(acc, 1)),
                            _mm_xor_si128(_mm512_extracti32x4_epi32(acc, 2), _mm512_extracti32x4_epi32(acc, 3)));
  uint64_t lo = (uint64_t)_mm_cvtsi128_si64(a);
  if (k < nwords) lo ^= mima_zuc_mac_pclmul(z + k, msg + 4 * k, nwords - k);
  return lo;
}

#endif /* MIMA_ZUC_X86 */
