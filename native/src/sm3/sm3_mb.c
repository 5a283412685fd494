/* Multi-buffer SM3: one block of each of 8 (AVX2) or 16 (AVX-512) independent messages per
 * step, lane i of every vector register holding message i (GM/T 0004-2012 §5.3 applied
 * lane-wise). The lane scheduler that feeds these kernels is in sm3_many.c.
 *
 * Layout: the chaining state is transposed (st[w * LANES + i] = word w of lane i). Each step
 * loads one 64-byte block per lane, byte-swaps the words and transposes the 16x16 (AVX-512)
 * or two 8x8 (AVX2) word matrices, so that register w holds message word W_w of every lane;
 * the message expansion then runs on a 16-register window exactly as in the scalar code.
 *
 * No secret-dependent branches or indexes; the caller wipes the state and the blocks. */
#include "sm3_internal.h"

#ifdef MIMA_SM3_X86
#include <immintrin.h>

/* The round and expansion text, over a vector type with operations
 * ADD, XOR3, ROL, FF1, GG1 and SET1 defined per target before the macros are used. */
#define MB_P0(x) XOR3((x), ROL((x), 9), ROL((x), 17))
#define MB_P1(x) XOR3((x), ROL((x), 15), ROL((x), 23))
#define MB_FF0(x, y, z) XOR3((x), (y), (z))
#define MB_GG0(x, y, z) XOR3((x), (y), (z))
#define MB_FF1(x, y, z) FF1((x), (y), (z))
#define MB_GG1(x, y, z) GG1((x), (y), (z))

/* Additions ordered by arrival (the operand on the E chain last): with 2-cycle vector latency
 * (Zen 5), H + (W + SS1) instead of (H + W) + SS1 cost 4 cycles per round. */
#define MB_ROUND(FF, GG, A, B, C, D, E, F, G, H, j, w, wp)         \
  do {                                                              \
    VEC a12_ = ROL(A, 12);                                          \
    VEC ss1_ = ROL(ADD(ADD(a12_, SET1(K[j])), E), 7);               \
    VEC ss2_ = XOR(ss1_, a12_);                                     \
    D = ADD(ADD(ADD(D, (wp)), FF(A, B, C)), ss2_);                  \
    H = ADD(ADD(ADD(H, (w)), GG(E, F, G)), ss1_);                   \
    B = ROL(B, 9);                                                  \
    F = ROL(F, 19);                                                 \
    H = MB_P0(H);                                                   \
  } while (0)

#define MB_EXPAND(X, j)                                                                        \
  (X[(j) & 15] = XOR3(MB_P1(XOR3(X[(j) & 15], X[((j) - 9) & 15], ROL(X[((j) - 3) & 15], 15))), \
                      ROL(X[((j) - 13) & 15], 7), X[((j) - 6) & 15]))

/* Round j of one lane group over its window X, expanding W_{j+4} first when j >= 12. */
#define MB_STEP(FF, GG, X, A, B, C, D, E, F, G, H, j)                                 \
  do {                                                                                \
    if ((j) + 4 >= 16) MB_EXPAND(X, (j) + 4);                                         \
    MB_ROUND(FF, GG, A, B, C, D, E, F, G, H, (j), X[(j) & 15], XOR(X[(j) & 15], X[((j) + 4) & 15])); \
  } while (0)

/* Rounds j..j+3 of one group (registers A..H, window X). */
#define MB_R4(FF, GG, j)                                          \
  do {                                                            \
    MB_STEP(FF, GG, X, A, B, C, D, E, F, G, H, (j));              \
    MB_STEP(FF, GG, X, D, A, B, C, H, E, F, G, (j) + 1);          \
    MB_STEP(FF, GG, X, C, D, A, B, G, H, E, F, (j) + 2);          \
    MB_STEP(FF, GG, X, B, C, D, A, F, G, H, E, (j) + 3);          \
  } while (0)

/* Rounds j..j+3 of two independent groups (A..H over X, A2..H2 over Y), alternating round by
 * round: one group's round is a dependent chain of ~12 cycles of 2-cycle vector operations,
 * and the other group's fills the issue slots it leaves empty. */
#define MB_R4_2(FF, GG, j)                                                  \
  do {                                                                      \
    MB_STEP(FF, GG, X, A, B, C, D, E, F, G, H, (j));                        \
    MB_STEP(FF, GG, Y, A2, B2, C2, D2, E2, F2, G2, H2, (j));                \
    MB_STEP(FF, GG, X, D, A, B, C, H, E, F, G, (j) + 1);                    \
    MB_STEP(FF, GG, Y, D2, A2, B2, C2, H2, E2, F2, G2, (j) + 1);            \
    MB_STEP(FF, GG, X, C, D, A, B, G, H, E, F, (j) + 2);                    \
    MB_STEP(FF, GG, Y, C2, D2, A2, B2, G2, H2, E2, F2, (j) + 2);            \
    MB_STEP(FF, GG, X, B, C, D, A, F, G, H, E, (j) + 3);                    \
    MB_STEP(FF, GG, Y, B2, C2, D2, A2, F2, G2, H2, E2, (j) + 3);            \
  } while (0)

#define MB_ALL_ROUNDS_WITH(R4)  \
  do {                          \
    R4(MB_FF0, MB_GG0, 0);      \
    R4(MB_FF0, MB_GG0, 4);      \
    R4(MB_FF0, MB_GG0, 8);      \
    R4(MB_FF0, MB_GG0, 12);     \
    R4(MB_FF1, MB_GG1, 16);     \
    R4(MB_FF1, MB_GG1, 20);     \
    R4(MB_FF1, MB_GG1, 24);     \
    R4(MB_FF1, MB_GG1, 28);     \
    R4(MB_FF1, MB_GG1, 32);     \
    R4(MB_FF1, MB_GG1, 36);     \
    R4(MB_FF1, MB_GG1, 40);     \
    R4(MB_FF1, MB_GG1, 44);     \
    R4(MB_FF1, MB_GG1, 48);     \
    R4(MB_FF1, MB_GG1, 52);     \
    R4(MB_FF1, MB_GG1, 56);     \
    R4(MB_FF1, MB_GG1, 60);     \
  } while (0)
#define MB_ALL_ROUNDS() MB_ALL_ROUNDS_WITH(MB_R4)

static const uint32_t K[64] = {
  0x79cc4519, 0xf3988a32, 0xe7311465, 0xce6228cb, 0x9cc45197, 0x3988a32f, 0x7311465e, 0xe6228cbc,
  0xcc451979, 0x988a32f3, 0x311465e7, 0x6228cbce, 0xc451979c, 0x88a32f39, 0x11465e73, 0x228cbce6,
  0x9d8a7a87, 0x3b14f50f, 0x7629ea1e, 0xec53d43c, 0xd8a7a879, 0xb14f50f3, 0x629ea1e7, 0xc53d43ce,
  0x8a7a879d, 0x14f50f3b, 0x29ea1e76, 0x53d43cec, 0xa7a879d8, 0x4f50f3b1, 0x9ea1e762, 0x3d43cec5,
  0x7a879d8a, 0xf50f3b14, 0xea1e7629, 0xd43cec53, 0xa879d8a7, 0x50f3b14f, 0xa1e7629e, 0x43cec53d,
  0x879d8a7a, 0x0f3b14f5, 0x1e7629ea, 0x3cec53d4, 0x79d8a7a8, 0xf3b14f50, 0xe7629ea1, 0xcec53d43,
  0x9d8a7a87, 0x3b14f50f, 0x7629ea1e, 0xec53d43c, 0xd8a7a879, 0xb14f50f3, 0x629ea1e7, 0xc53d43ce,
  0x8a7a879d, 0x14f50f3b, 0x29ea1e76, 0x53d43cec, 0xa7a879d8, 0x4f50f3b1, 0x9ea1e762, 0x3d43cec5,
};

/* ---------------- 16 lanes, AVX-512F/BW ---------------- */

#define T512 __attribute__((target("avx512f,avx512bw")))
#define VEC __m512i
#define ADD(a, b) _mm512_add_epi32((a), (b))
#define XOR(a, b) _mm512_xor_si512((a), (b))
#define XOR3(a, b, c) _mm512_ternarylogic_epi32((a), (b), (c), 0x96)
#define ROL(a, n) _mm512_rol_epi32((a), (n))
#define FF1(x, y, z) _mm512_ternarylogic_epi32((x), (y), (z), 0xe8) /* majority */
#define GG1(x, y, z) _mm512_ternarylogic_epi32((x), (y), (z), 0xca) /* x ? y : z */
#define SET1(k) _mm512_set1_epi32((int)(k))

/* 16 rows (one block per lane, words big-endian) -> X[w] = word w of every lane. */
T512 static inline void load_transpose16(const uint8_t *const *blocks, size_t off, __m512i X[16]) {
  const __m512i bswap = _mm512_broadcast_i32x4(_mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3));
  __m512i r[16], t[16];
  for (int i = 0; i < 16; i++) r[i] = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(blocks[i] + off)), bswap);
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
  }
  /* In each 128-bit lane k: r[4q + c] = column 4k + c of rows 4q..4q+3. */
  for (int q = 0; q < 4; q++) {
    r[4 * q] = _mm512_unpacklo_epi64(t[4 * q], t[4 * q + 2]);
    r[4 * q + 1] = _mm512_unpackhi_epi64(t[4 * q], t[4 * q + 2]);
    r[4 * q + 2] = _mm512_unpacklo_epi64(t[4 * q + 1], t[4 * q + 3]);
    r[4 * q + 3] = _mm512_unpackhi_epi64(t[4 * q + 1], t[4 * q + 3]);
  }
  for (int c = 0; c < 4; c++) {
    /* Column c + 4k for k = 0..3 across the four row groups. */
    __m512i a0 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0x88);      /* k = 0, 2 of rows 0-7 */
    __m512i a1 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0xdd);      /* k = 1, 3 of rows 0-7 */
    __m512i b0 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0x88); /* k = 0, 2 of rows 8-15 */
    __m512i b1 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0xdd); /* k = 1, 3 of rows 8-15 */
    X[c] = _mm512_shuffle_i32x4(a0, b0, 0x88);
    X[c + 8] = _mm512_shuffle_i32x4(a0, b0, 0xdd);
    X[c + 4] = _mm512_shuffle_i32x4(a1, b1, 0x88);
    X[c + 12] = _mm512_shuffle_i32x4(a1, b1, 0xdd);
  }
}

T512 void mima_sm3_mb16_avx512(uint32_t *st, const uint8_t *const *blocks, size_t nb) {
  __m512i A = _mm512_loadu_si512((const void *)(st + 0 * 16)), B = _mm512_loadu_si512((const void *)(st + 1 * 16));
  __m512i C = _mm512_loadu_si512((const void *)(st + 2 * 16)), D = _mm512_loadu_si512((const void *)(st + 3 * 16));
  __m512i E = _mm512_loadu_si512((const void *)(st + 4 * 16)), F = _mm512_loadu_si512((const void *)(st + 5 * 16));
  __m512i G = _mm512_loadu_si512((const void *)(st + 6 * 16)), H = _mm512_loadu_si512((const void *)(st + 7 * 16));
  __m512i X[16];
  for (size_t b = 0; b < nb; b++) {
    __m512i A0 = A, B0 = B, C0 = C, D0 = D, E0 = E, F0 = F, G0 = G, H0 = H;
    load_transpose16(blocks, 64 * b, X);
    MB_ALL_ROUNDS();
    A = XOR(A, A0);
    B = XOR(B, B0);
    C = XOR(C, C0);
    D = XOR(D, D0);
    E = XOR(E, E0);
    F = XOR(F, F0);
    G = XOR(G, G0);
    H = XOR(H, H0);
  }
  _mm512_storeu_si512((void *)(st + 0 * 16), A);
  _mm512_storeu_si512((void *)(st + 1 * 16), B);
  _mm512_storeu_si512((void *)(st + 2 * 16), C);
  _mm512_storeu_si512((void *)(st + 3 * 16), D);
  _mm512_storeu_si512((void *)(st + 4 * 16), E);
  _mm512_storeu_si512((void *)(st + 5 * 16), F);
  _mm512_storeu_si512((void *)(st + 6 * 16), G);
  _mm512_storeu_si512((void *)(st + 7 * 16), H);
  /* X holds message words (possibly secret); registers are not wiped, the spill slots are. */
  mima_sm3_burn(X, sizeof X);
}

/* 32 lanes as two 16-lane groups whose rounds alternate (MB_R4_2): st[w * 32 + i]. */
T512 void mima_sm3_mb32_avx512(uint32_t *st, const uint8_t *const *blocks, size_t nb) {
#define LD(w, g) _mm512_loadu_si512((const void *)(st + (w) * 32 + 16 * (g)))
#define SV(w, g, v) _mm512_storeu_si512((void *)(st + (w) * 32 + 16 * (g)), (v))
  __m512i A = LD(0, 0), B = LD(1, 0), C = LD(2, 0), D = LD(3, 0), E = LD(4, 0), F = LD(5, 0), G = LD(6, 0), H = LD(7, 0);
  __m512i A2 = LD(0, 1), B2 = LD(1, 1), C2 = LD(2, 1), D2 = LD(3, 1), E2 = LD(4, 1), F2 = LD(5, 1), G2 = LD(6, 1),
          H2 = LD(7, 1);
  __m512i X[16], Y[16];
  for (size_t b = 0; b < nb; b++) {
    __m512i A0 = A, B0 = B, C0 = C, D0 = D, E0 = E, F0 = F, G0 = G, H0 = H;
    __m512i A20 = A2, B20 = B2, C20 = C2, D20 = D2, E20 = E2, F20 = F2, G20 = G2, H20 = H2;
    load_transpose16(blocks, 64 * b, X);
    load_transpose16(blocks + 16, 64 * b, Y);
    MB_ALL_ROUNDS_WITH(MB_R4_2);
    A = XOR(A, A0), B = XOR(B, B0), C = XOR(C, C0), D = XOR(D, D0);
    E = XOR(E, E0), F = XOR(F, F0), G = XOR(G, G0), H = XOR(H, H0);
    A2 = XOR(A2, A20), B2 = XOR(B2, B20), C2 = XOR(C2, C20), D2 = XOR(D2, D20);
    E2 = XOR(E2, E20), F2 = XOR(F2, F20), G2 = XOR(G2, G20), H2 = XOR(H2, H20);
  }
  SV(0, 0, A), SV(1, 0, B), SV(2, 0, C), SV(3, 0, D), SV(4, 0, E), SV(5, 0, F), SV(6, 0, G), SV(7, 0, H);
  SV(0, 1, A2), SV(1, 1, B2), SV(2, 1, C2), SV(3, 1, D2), SV(4, 1, E2), SV(5, 1, F2), SV(6, 1, G2), SV(7, 1, H2);
#undef LD
#undef SV
  mima_sm3_burn(X, sizeof X);
  mima_sm3_burn(Y, sizeof Y);
}

#undef VEC
#undef ADD
#undef XOR
#undef XOR3
#undef ROL
#undef FF1
#undef GG1
#undef SET1

/* ---------------- 8 lanes, AVX2 ---------------- */

#define T256 __attribute__((target("avx2")))
#define VEC __m256i
#define ADD(a, b) _mm256_add_epi32((a), (b))
#define XOR(a, b) _mm256_xor_si256((a), (b))
#define XOR3(a, b, c) _mm256_xor_si256(_mm256_xor_si256((a), (b)), (c))
#define ROL(a, n) _mm256_or_si256(_mm256_slli_epi32((a), (n)), _mm256_srli_epi32((a), 32 - (n)))
#define FF1(x, y, z) _mm256_or_si256(_mm256_and_si256((x), (y)), _mm256_and_si256(_mm256_or_si256((x), (y)), (z)))
#define GG1(x, y, z) _mm256_xor_si256(_mm256_and_si256(_mm256_xor_si256((y), (z)), (x)), (z))
#define SET1(k) _mm256_set1_epi32((int)(k))

/* Transposes 8 rows of 8 words (r[i] = row i) in place into columns. */
T256 static inline void transpose8(__m256i r[8]) {
  __m256i t[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_epi32(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_epi32(r[i], r[i + 1]);
  }
  __m256i u[8];
  for (int q = 0; q < 2; q++) {
    u[4 * q] = _mm256_unpacklo_epi64(t[4 * q], t[4 * q + 2]);
    u[4 * q + 1] = _mm256_unpackhi_epi64(t[4 * q], t[4 * q + 2]);
    u[4 * q + 2] = _mm256_unpacklo_epi64(t[4 * q + 1], t[4 * q + 3]);
    u[4 * q + 3] = _mm256_unpackhi_epi64(t[4 * q + 1], t[4 * q + 3]);
  }
  /* u[c] (c < 4): columns c and c + 4 of rows 0-3 (low and high 128-bit halves); u[4 + c]:
   * the same of rows 4-7. */
  for (int c = 0; c < 4; c++) {
    r[c] = _mm256_permute2x128_si256(u[c], u[4 + c], 0x20);
    r[c + 4] = _mm256_permute2x128_si256(u[c], u[4 + c], 0x31);
  }
}

T256 static inline void load_transpose8(const uint8_t *const *blocks, size_t off, __m256i X[16]) {
  const __m256i bswap = _mm256_broadcastsi128_si256(_mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3));
  __m256i lo[8], hi[8];
  for (int i = 0; i < 8; i++) {
    lo[i] = _mm256_shuffle_epi8(_mm256_loadu_si256((const __m256i *)(blocks[i] + off)), bswap);
    hi[i] = _mm256_shuffle_epi8(_mm256_loadu_si256((const __m256i *)(blocks[i] + off + 32)), bswap);
  }
  transpose8(lo);
  transpose8(hi);
  for (int i = 0; i < 8; i++) {
    X[i] = lo[i];
    X[8 + i] = hi[i];
  }
}

T256 void mima_sm3_mb8_avx2(uint32_t *st, const uint8_t *const *blocks, size_t nb) {
  __m256i A = _mm256_loadu_si256((const __m256i *)(st + 0 * 8)), B = _mm256_loadu_si256((const __m256i *)(st + 1 * 8));
  __m256i C = _mm256_loadu_si256((const __m256i *)(st + 2 * 8)), D = _mm256_loadu_si256((const __m256i *)(st + 3 * 8));
  __m256i E = _mm256_loadu_si256((const __m256i *)(st + 4 * 8)), F = _mm256_loadu_si256((const __m256i *)(st + 5 * 8));
  __m256i G = _mm256_loadu_si256((const __m256i *)(st + 6 * 8)), H = _mm256_loadu_si256((const __m256i *)(st + 7 * 8));
  __m256i X[16];
  for (size_t b = 0; b < nb; b++) {
    __m256i A0 = A, B0 = B, C0 = C, D0 = D, E0 = E, F0 = F, G0 = G, H0 = H;
    load_transpose8(blocks, 64 * b, X);
    MB_ALL_ROUNDS();
    A = XOR(A, A0);
    B = XOR(B, B0);
    C = XOR(C, C0);
    D = XOR(D, D0);
    E = XOR(E, E0);
    F = XOR(F, F0);
    G = XOR(G, G0);
    H = XOR(H, H0);
  }
  _mm256_storeu_si256((__m256i *)(st + 0 * 8), A);
  _mm256_storeu_si256((__m256i *)(st + 1 * 8), B);
  _mm256_storeu_si256((__m256i *)(st + 2 * 8), C);
  _mm256_storeu_si256((__m256i *)(st + 3 * 8), D);
  _mm256_storeu_si256((__m256i *)(st + 4 * 8), E);
  _mm256_storeu_si256((__m256i *)(st + 5 * 8), F);
  _mm256_storeu_si256((__m256i *)(st + 6 * 8), G);
  _mm256_storeu_si256((__m256i *)(st + 7 * 8), H);
  mima_sm3_burn(X, sizeof X);
}

#endif /* MIMA_SM3_X86 */
