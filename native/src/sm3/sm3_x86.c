/* Single-stream SM3 compression for x86-64 (GM/T 0004-2012 §5.3), chosen at run time.
 *
 * What bounds SM3 on one stream: round j+1 needs E_{j+1} = P0(TT2), TT2 needs
 * SS1 = rol7(rol12(A_j) + T'_j + E_j), so the E chain is add, rotate, add, P0 (two rotates in
 * parallel, xor, xor): 6 dependent 1-cycle operations per round, 384 cycles per block at best.
 * Vector registers cannot shorten it (on the Zen 5 this was tuned on, vpaddd, vprold and
 * vpternlogd have 2-cycle latency: 10 cycles per round), so the rounds stay in general
 * registers and the rest is moved off the scalar ALUs:
 *
 * - mima_sm3_compress_avx512 / _avx2: the message expansion (§5.3.2: W_16..W_67 and
 *   W'_0..W'_63) is computed with vector instructions, four words per step (three words plus a
 *   fix-up of the fourth: P1 is linear, so the term rol15(W_j) missing from W_{j+3} is XORed in
 *   afterwards as P1(rol15(W_j))). The expansion of block i+1 is interleaved with the rounds of
 *   block i, one step per four rounds, and stored to a second buffer. Two reasons, both
 *   measured: the expansion is a dependent chain of 2-cycle vector operations, which stalls
 *   the rounds if it runs in front of them; and AMD Zen does not forward a vector store to a
 *   narrower scalar load, so the rounds must read words stored a block earlier (reading a fresh
 *   expansion made the kernel 2x slower; the expansion alone measured ~240 cycles per block).
 *   Block 0 of each call has no expansion ahead of it and runs the scalar-window rounds while
 *   block 1 is expanded; the last block expands nothing; calls of fewer than 12 blocks go to
 *   the scalar kernel (the pipeline pays off only once its start is behind it). Rounds 16..63
 *   of the other blocks carry GG (SM3_ROUND_GG, sm3_rounds.h): with the expansion off the
 *   scalar ports, the 7-operation path through GG is what bounds them.
 * - mima_sm3_compress_bmi2: the portable kernel compiled with rorx (scalar expansion
 *   interleaved with the rounds over a 16-word window).
 *
 * No secret-dependent branches or table indexes (HMAC keys pass through here). */
#include "sm3_internal.h"
#include "sm3_rounds.h"

#ifdef MIMA_SM3_X86
#include <immintrin.h>

/* Code alignment: the unrolled kernels are ~8 KB of straight-line code, and their speed
 * depends on where the code starts (measured on Zen 5, in 16-block calls: 113 against up to
 * 174 ns per block, from 64-byte alignment of the functions and loops alone). */
#if defined(__GNUC__) && !defined(__clang__)
#define ALIGN_CODE __attribute__((aligned(64), optimize("align-loops=64")))
#else
#define ALIGN_CODE __attribute__((aligned(64)))
#endif

/* Local copy of the rotated round constants rol32(T_j, j mod 32), folded into immediates. */
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

static inline uint32_t load_be32(const uint8_t *p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}

/* ---- scalar kernel with rorx ---- */

#define TBMI __attribute__((target("bmi2"))) ALIGN_CODE

/* One block per non-inlined call: compiled as one loop with the state kept in registers
 * across blocks, the kernel lost ~100 ns per extra block in calls of 2 to 8 blocks (measured,
 * GCC 12 on Zen 5); the state goes through st instead. */
TBMI __attribute__((noinline)) static void compress1_bmi2(uint32_t st[8], const uint8_t *p, uint32_t X[16]) {
  uint32_t A = st[0], B = st[1], C = st[2], D = st[3], E = st[4], F = st[5], G = st[6], H = st[7];
  for (int i = 0; i < 16; i++) X[i] = load_be32(p + 4 * i);
  SM3_ROUNDS_WINDOW(X, K);
  SM3_FEED_FORWARD(st);
}

TBMI void mima_sm3_compress_bmi2(uint32_t st[8], const uint8_t *p, size_t nblocks) {
  uint32_t X[16];
  for (; nblocks > 0; nblocks--, p += 64) compress1_bmi2(st, p, X);
  mima_sm3_burn(X, sizeof X);
}

/* ---- vector expansion of the next block, interleaved with the rounds ----
 * EXP4 is the four-word step (an inline function per target); NW/NWP the next block's W and
 * W' buffers; v0..v3 the last 16 expanded words. */

#define NX_INIT(q)                                                                \
  do {                                                                            \
    v0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(q)), bswap);          \
    v1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)((q) + 16)), bswap);   \
    v2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)((q) + 32)), bswap);   \
    v3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)((q) + 48)), bswap);   \
    _mm_store_si128((__m128i *)NW, v0);                                           \
    _mm_store_si128((__m128i *)(NW + 4), v1);                                     \
    _mm_store_si128((__m128i *)(NW + 8), v2);                                     \
    _mm_store_si128((__m128i *)(NW + 12), v3);                                    \
  } while (0)

#define NX_STEP(EXP4, j)                                                       \
  do {                                                                         \
    __m128i v4_ = EXP4(v0, v1, v2, v3);                                        \
    _mm_store_si128((__m128i *)(NW + (j)), v4_);                               \
    _mm_store_si128((__m128i *)(NWP + (j) - 16), _mm_xor_si128(v0, v1));      \
    v0 = v1;                                                                   \
    v1 = v2;                                                                   \
    v2 = v3;                                                                   \
    v3 = v4_;                                                                  \
  } while (0)

#define NX_TAIL()                                                    \
  do {                                                               \
    _mm_store_si128((__m128i *)(NWP + 52), _mm_xor_si128(v0, v1));   \
    _mm_store_si128((__m128i *)(NWP + 56), _mm_xor_si128(v1, v2));   \
    _mm_store_si128((__m128i *)(NWP + 60), _mm_xor_si128(v2, v3));   \
  } while (0)

/* 64 rounds with the 13 expansion steps and the W' tail of the next block spread over them.
 * R4 runs four rounds (FF, GG, j); rounds 16..63 use R4G (FF, j), which carries GG in `gg`. */
#define ROUNDS_WITH_NEXT(R4, R4G, EXP4)           \
  do {                                            \
    uint32_t gg;                                  \
    R4(SM3_FF0, SM3_GG0, 0);                      \
    NX_STEP(EXP4, 16);                            \
    R4(SM3_FF0, SM3_GG0, 4);                      \
    NX_STEP(EXP4, 20);                            \
    R4(SM3_FF0, SM3_GG0, 8);                      \
    NX_STEP(EXP4, 24);                            \
    R4(SM3_FF0, SM3_GG0, 12);                     \
    NX_STEP(EXP4, 28);                            \
    gg = SM3_GG1(E, F, G);                        \
    R4G(SM3_FF1, 16);                             \
    NX_STEP(EXP4, 32);                            \
    R4G(SM3_FF1, 20);                             \
    NX_STEP(EXP4, 36);                            \
    R4G(SM3_FF1, 24);                             \
    NX_STEP(EXP4, 40);                            \
    R4G(SM3_FF1, 28);                             \
    NX_STEP(EXP4, 44);                            \
    R4G(SM3_FF1, 32);                             \
    NX_STEP(EXP4, 48);                            \
    R4G(SM3_FF1, 36);                             \
    NX_STEP(EXP4, 52);                            \
    R4G(SM3_FF1, 40);                             \
    NX_STEP(EXP4, 56);                            \
    R4G(SM3_FF1, 44);                             \
    NX_STEP(EXP4, 60);                            \
    R4G(SM3_FF1, 48);                             \
    NX_STEP(EXP4, 64);                            \
    R4G(SM3_FF1, 52);                             \
    NX_TAIL();                                    \
    R4G(SM3_FF1, 56);                             \
    R4G(SM3_FF1, 60);                             \
    (void)gg;                                     \
  } while (0)

/* 64 rounds without expansion work (the last block of a call). */
#define ROUNDS_ONLY(R4, R4G)                      \
  do {                                            \
    uint32_t gg;                                  \
    R4(SM3_FF0, SM3_GG0, 0);                      \
    R4(SM3_FF0, SM3_GG0, 4);                      \
    R4(SM3_FF0, SM3_GG0, 8);                      \
    R4(SM3_FF0, SM3_GG0, 12);                     \
    gg = SM3_GG1(E, F, G);                        \
    R4G(SM3_FF1, 16);                             \
    R4G(SM3_FF1, 20);                             \
    R4G(SM3_FF1, 24);                             \
    R4G(SM3_FF1, 28);                             \
    R4G(SM3_FF1, 32);                             \
    R4G(SM3_FF1, 36);                             \
    R4G(SM3_FF1, 40);                             \
    R4G(SM3_FF1, 44);                             \
    R4G(SM3_FF1, 48);                             \
    R4G(SM3_FF1, 52);                             \
    R4G(SM3_FF1, 56);                             \
    R4G(SM3_FF1, 60);                             \
    (void)gg;                                     \
  } while (0)

/* Four rounds over the scalar window (block 0): plain GG, since with the scalar expansion
 * beside them the two extra operations of SM3_ROUND_GG cost more than they save (measured). */
#define R4W(FF, GG, j) SM3_R4_WINDOW(FF, GG, X, K, j)
#define R4WP(FF, j) SM3_R4_WINDOW(FF, SM3_GG1, X, K, j)
/* Four rounds reading W and W' from the buffer expanded during the previous block. */
#define R4A(FF, GG, j) SM3_R4_ARRAY(FF, GG, W, WP, K, j)
#define R4AG(FF, j) SM3_R4_ARRAY_GG(FF, W, WP, K, j)

/* Calls of fewer blocks than this go to the scalar kernel: the pipelined loop below only
 * pays off once its first blocks are behind it (measured per block: 166 ns at 2 blocks,
 * 128 ns at 8, 114 ns at 16, 103 ns at 256, against 122-128 ns for the scalar kernel). */
#define PIPELINE_MIN_BLOCKS 12

/* The kernel body for one expansion step function EXP4 (nblocks >= 2): block 0 runs the
 * scalar-window rounds while block 1 is expanded; block i reads the buffer filled during block
 * i-1 and expands block i+1; the last block only runs its rounds. The asm barriers make the
 * compiler store the expansion and load it back in the next block, instead of keeping words
 * in vector registers and extracting them (vpextrd: 2 uops per word). */
#define COMPRESS_BODY(EXP4)                                                                    \
  uint32_t A = st[0], B = st[1], C = st[2], D = st[3], E = st[4], F = st[5], G = st[6],          \
           H = st[7];                                                                           \
  _Alignas(64) uint32_t WB[2][132];                                                             \
  const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);    \
  __m128i v0, v1, v2, v3;                                                                       \
  if (nblocks < PIPELINE_MIN_BLOCKS) {                                                          \
    mima_sm3_compress_bmi2(st, p, nblocks);                                                     \
    return;                                                                                     \
  }                                                                                             \
  {                                                                                             \
    uint32_t X[16];                                                                             \
    uint32_t *NW = WB[1], *NWP = WB[1] + 68;                                                    \
    for (int i = 0; i < 16; i++) X[i] = load_be32(p + 4 * i);                                   \
    NX_INIT(p + 64);                                                                            \
    ROUNDS_WITH_NEXT(R4W, R4WP, EXP4);                                                          \
    __asm__ volatile("" : : "r"(WB) : "memory");                                                \
    SM3_FEED_FORWARD(st);                                                                       \
    mima_sm3_burn(X, sizeof X);                                                                 \
  }                                                                                             \
  for (size_t i = 1; i + 1 < nblocks; i++) {                                                    \
    p += 64;                                                                                    \
    const uint32_t *W = WB[i & 1], *WP = WB[i & 1] + 68;                                        \
    uint32_t *NW = WB[(i + 1) & 1], *NWP = NW + 68;                                             \
    NX_INIT(p + 64);                                                                            \
    ROUNDS_WITH_NEXT(R4A, R4AG, EXP4);                                                          \
    __asm__ volatile("" : : "r"(WB) : "memory");                                                \
    SM3_FEED_FORWARD(st);                                                                       \
  }                                                                                             \
  {                                                                                             \
    const uint32_t *W = WB[(nblocks - 1) & 1], *WP = WB[(nblocks - 1) & 1] + 68;                \
    ROUNDS_ONLY(R4A, R4AG);                                                                     \
    SM3_FEED_FORWARD(st);                                                                       \
  }                                                                                             \
  mima_sm3_burn(WB, sizeof WB)

/* ---- AVX-512VL (xmm) expansion step: vprold and 3-input XOR (vpternlogd 0x96) ---- */

#define T512 __attribute__((target("avx512f,avx512vl,bmi2"))) ALIGN_CODE

/* W_{j..j+3} from W_{j-16..j-1} = v0..v3. */
T512 static inline __m128i exp4_512(__m128i v0, __m128i v1, __m128i v2, __m128i v3) {
  __m128i w9 = _mm_alignr_epi8(v2, v1, 12);  /* W_{j-9..j-6} */
  __m128i w3 = _mm_srli_si128(v3, 4);        /* W_{j-3..j-1}, 0 */
  __m128i w13 = _mm_alignr_epi8(v1, v0, 12); /* W_{j-13..j-10} */
  __m128i w6 = _mm_alignr_epi8(v3, v2, 8);   /* W_{j-6..j-3} */
  __m128i t = _mm_ternarylogic_epi32(v0, w9, _mm_rol_epi32(w3, 15), 0x96);
  __m128i p = _mm_ternarylogic_epi32(t, _mm_rol_epi32(t, 15), _mm_rol_epi32(t, 23), 0x96);
  __m128i r = _mm_ternarylogic_epi32(p, _mm_rol_epi32(w13, 7), w6, 0x96);
  /* Lane 3 lacked rol15(W_j) inside P1: XOR in P1(rol15(W_j)) = rol15 ^ rol30 ^ rol6 of W_j. */
  __m128i u = _mm_slli_si128(r, 12);
  r = _mm_ternarylogic_epi32(r, _mm_rol_epi32(u, 15), _mm_rol_epi32(u, 30), 0x96);
  return _mm_xor_si128(r, _mm_rol_epi32(u, 6));
}

T512 void mima_sm3_compress_avx512(uint32_t st[8], const uint8_t *p, size_t nblocks) {
  COMPRESS_BODY(exp4_512);
}

/* ---- AVX2 expansion step: rotations by two shifts and an OR ---- */

#define T256 __attribute__((target("avx2,bmi2"))) ALIGN_CODE

#define ROLV(x, n) _mm_or_si128(_mm_slli_epi32((x), (n)), _mm_srli_epi32((x), 32 - (n)))

T256 static inline __m128i exp4_avx2(__m128i v0, __m128i v1, __m128i v2, __m128i v3) {
  __m128i w9 = _mm_alignr_epi8(v2, v1, 12);
  __m128i w3 = _mm_srli_si128(v3, 4);
  __m128i w13 = _mm_alignr_epi8(v1, v0, 12);
  __m128i w6 = _mm_alignr_epi8(v3, v2, 8);
  __m128i t = _mm_xor_si128(_mm_xor_si128(v0, w9), ROLV(w3, 15));
  __m128i p = _mm_xor_si128(_mm_xor_si128(t, ROLV(t, 15)), ROLV(t, 23));
  __m128i r = _mm_xor_si128(_mm_xor_si128(p, ROLV(w13, 7)), w6);
  __m128i u = _mm_slli_si128(r, 12);
  __m128i f = _mm_xor_si128(_mm_xor_si128(ROLV(u, 15), ROLV(u, 30)), ROLV(u, 6));
  return _mm_xor_si128(r, f);
}

T256 void mima_sm3_compress_avx2(uint32_t st[8], const uint8_t *p, size_t nblocks) {
  COMPRESS_BODY(exp4_avx2);
}

#endif /* MIMA_SM3_X86 */
