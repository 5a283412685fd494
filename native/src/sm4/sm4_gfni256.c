/* SM4 on AVX2 + GFNI (CPUs with GFNI but no AVX-512, e.g. Intel Alder Lake and later client
 * cores): 8 blocks per set of four 256-bit registers, word-sliced, two sets in flight (16
 * registers is all AVX2 has). The round is that of the AVX-512 path (sm4_tables.c) with the
 * byte rotations done by vpshufb and the ternary XORs split in two. The key schedule and the
 * serial modes are the 128-bit code of sm4_gfni_x128.h. No table lookups: constant-time.
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#include "sm4_internal.h"

#define Y_ATTR __attribute__((target("avx2,gfni,pclmul")))
#define TY Y_ATTR __attribute__((always_inline)) static inline
#define FY Y_ATTR static

#define X128_ATTR Y_ATTR
#define XOR3(a, b, c) _mm_xor_si128(_mm_xor_si128(a, b), c)
#define X128(name) y128_##name
#include "sm4_gfni_x128.h"

typedef struct {
  __m256i m0, m8, m24, a1, a1inv, bswap, r8, r16, r24;
} k256;

TY k256 consts256(void) {
  k256 k;
  k.m0 = _mm256_set1_epi64x((long long)sm4_c.m0);
  k.m8 = _mm256_set1_epi64x((long long)sm4_c.m8);
  k.m24 = _mm256_set1_epi64x((long long)sm4_c.m24);
  k.a1 = _mm256_set1_epi64x((long long)sm4_c.a1);
  k.a1inv = _mm256_set1_epi64x((long long)sm4_c.a1inv);
  k.bswap = _mm256_broadcastsi128_si256(_mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
  /* rotations left by 8, 16, 24 of each dword: byte b <- byte b - r */
  k.r8 = _mm256_broadcastsi128_si256(_mm_setr_epi8(3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14));
  k.r16 = _mm256_broadcastsi128_si256(_mm_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
  k.r24 = _mm256_broadcastsi128_si256(_mm_setr_epi8(1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12));
  return k;
}

#define ROUND256(x0, x1, x2, x3, rkv)                                                          \
  do {                                                                                         \
    __m256i t_ = _mm256_xor_si256(_mm256_xor_si256(x1, x2), _mm256_xor_si256(x3, rkv));        \
    __m256i g0_ = _mm256_gf2p8affineinv_epi64_epi8(t_, k->m0, 0);                              \
    __m256i g8_ = _mm256_gf2p8affineinv_epi64_epi8(t_, k->m8, 0);                              \
    __m256i g24_ = _mm256_gf2p8affineinv_epi64_epi8(t_, k->m24, 0);                            \
    __m256i a_ = _mm256_xor_si256(g0_, _mm256_shuffle_epi8(g24_, k->r24));                     \
    __m256i b_ = _mm256_xor_si256(_mm256_shuffle_epi8(g8_, k->r8), _mm256_shuffle_epi8(g8_, k->r16)); \
    x0 = _mm256_xor_si256(x0, _mm256_xor_si256(a_, b_));                                       \
  } while (0)

TY void rounds256(__m256i *x, int sets, const uint32_t *rk, const k256 *k) {
  for (int i = 0; i < 32; i += 4) {
    const __m256i k0 = _mm256_set1_epi32((int)rk[4 * i]), k1 = _mm256_set1_epi32((int)rk[4 * i + 4]);
    const __m256i k2 = _mm256_set1_epi32((int)rk[4 * i + 8]), k3 = _mm256_set1_epi32((int)rk[4 * i + 12]);
    for (int s = 0; s < sets; s++) ROUND256(x[4 * s], x[4 * s + 1], x[4 * s + 2], x[4 * s + 3], k0);
    for (int s = 0; s < sets; s++) ROUND256(x[4 * s + 1], x[4 * s + 2], x[4 * s + 3], x[4 * s], k1);
    for (int s = 0; s < sets; s++) ROUND256(x[4 * s + 2], x[4 * s + 3], x[4 * s], x[4 * s + 1], k2);
    for (int s = 0; s < sets; s++) ROUND256(x[4 * s + 3], x[4 * s], x[4 * s + 1], x[4 * s + 2], k3);
  }
}

#define TRANSPOSE256(a, b, c, d)                \
  do {                                          \
    __m256i t0_ = _mm256_unpacklo_epi32(a, b);  \
    __m256i t1_ = _mm256_unpackhi_epi32(a, b);  \
    __m256i t2_ = _mm256_unpacklo_epi32(c, d);  \
    __m256i t3_ = _mm256_unpackhi_epi32(c, d);  \
    a = _mm256_unpacklo_epi64(t0_, t2_);        \
    b = _mm256_unpackhi_epi64(t0_, t2_);        \
    c = _mm256_unpacklo_epi64(t1_, t3_);        \
    d = _mm256_unpackhi_epi64(t1_, t3_);        \
  } while (0)

TY void to_state(__m256i *x, const __m256i *raw, const k256 *k) {
  __m256i a = _mm256_shuffle_epi8(raw[0], k->bswap), b = _mm256_shuffle_epi8(raw[1], k->bswap);
  __m256i c = _mm256_shuffle_epi8(raw[2], k->bswap), d = _mm256_shuffle_epi8(raw[3], k->bswap);
  TRANSPOSE256(a, b, c, d);
  x[0] = _mm256_gf2p8affine_epi64_epi8(a, k->a1, 0);
  x[1] = _mm256_gf2p8affine_epi64_epi8(b, k->a1, 0);
  x[2] = _mm256_gf2p8affine_epi64_epi8(c, k->a1, 0);
  x[3] = _mm256_gf2p8affine_epi64_epi8(d, k->a1, 0);
}

TY void from_state(__m256i *raw, const __m256i *x, const k256 *k) {
  __m256i a = _mm256_gf2p8affine_epi64_epi8(x[3], k->a1inv, 0);
  __m256i b = _mm256_gf2p8affine_epi64_epi8(x[2], k->a1inv, 0);
  __m256i c = _mm256_gf2p8affine_epi64_epi8(x[1], k->a1inv, 0);
  __m256i d = _mm256_gf2p8affine_epi64_epi8(x[0], k->a1inv, 0);
  TRANSPOSE256(a, b, c, d);
  raw[0] = _mm256_shuffle_epi8(a, k->bswap);
  raw[1] = _mm256_shuffle_epi8(b, k->bswap);
  raw[2] = _mm256_shuffle_epi8(c, k->bswap);
  raw[3] = _mm256_shuffle_epi8(d, k->bswap);
}

#define SETB 8 /* blocks per set */
/* Eight sets (64 blocks) per main step: one set waits on the round's latency, and more sets in
 * flight win despite the spills (measured on ECB: 2/3/4/6/8 sets at 3.0/2.4/2.0/1.5/1.2 cycles
 * per byte on AMD Zen 5). Tails go in two-set (16-block) steps, the last one through a
 * zero-padded stack copy. */
#define MAINSETS 8
#define TAILSETS 2

TY void ecb_step(const uint32_t *rk, const uint8_t *in, uint8_t *out, int sets, const k256 *k) {
  __m256i raw[4 * MAINSETS], x[4 * MAINSETS];
  for (int j = 0; j < 4 * sets; j++) raw[j] = _mm256_loadu_si256((const __m256i *)(in + 32 * j));
  for (int s = 0; s < sets; s++) to_state(x + 4 * s, raw + 4 * s, k);
  rounds256(x, sets, rk, k);
  for (int s = 0; s < sets; s++) from_state(raw + 4 * s, x + 4 * s, k);
  for (int j = 0; j < 4 * sets; j++) _mm256_storeu_si256((__m256i *)(out + 32 * j), raw[j]);
}

/* Runs STEP(sets, src, dst) over n blocks: 64-block steps, 16-block steps, then the last 1..15
 * blocks through buf. Advances in/out. */
#define Y_STEPS(n, STEP)                                                                  \
  do {                                                                                    \
    for (; (n) >= SETB * MAINSETS; (n) -= SETB * MAINSETS, in += 16 * SETB * MAINSETS,    \
                                   out += 16 * SETB * MAINSETS)                           \
      STEP(MAINSETS, in, out);                                                            \
    for (; (n) >= SETB * TAILSETS; (n) -= SETB * TAILSETS, in += 16 * SETB * TAILSETS,    \
                                   out += 16 * SETB * TAILSETS)                           \
      STEP(TAILSETS, in, out);                                                            \
    if (n) {                                                                              \
      uint8_t buf_[16 * SETB * TAILSETS] = {0};                                           \
      memcpy(buf_, in, 16 * (n));                                                         \
      STEP(TAILSETS, buf_, buf_);                                                         \
      memcpy(out, buf_, 16 * (n));                                                        \
      sm4_wipe(buf_, sizeof buf_);                                                        \
    }                                                                                     \
  } while (0)

FY void y_ecb(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t n) {
  if (n == 1) {
    y128_ecb_small(rk, in, out, 1);
    return;
  }
  const k256 kk = consts256();
#define Y_ECB(sets, src, dst) ecb_step(rk, src, dst, sets, &kk)
  Y_STEPS(n, Y_ECB);
}

/* Counter blocks c + 0..7 as a word-sliced set: block 2j + L sits at dword 4L + j. */
TY void ctr_set(__m256i *x, const uint32_t c[4], int wide, const k256 *k) {
  const __m256i off = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
  const __m256i sign = _mm256_set1_epi32((int)0x80000000);
  __m256i w3 = _mm256_add_epi32(_mm256_set1_epi32((int)c[3]), off);
  __m256i w2 = _mm256_set1_epi32((int)c[2]), w1 = _mm256_set1_epi32((int)c[1]), w0 = _mm256_set1_epi32((int)c[0]);
  if (wide) { /* carry = (w3 < off) unsigned; cmpgt is signed, so flip the sign bits */
    __m256i m = _mm256_cmpgt_epi32(_mm256_xor_si256(off, sign), _mm256_xor_si256(w3, sign));
    w2 = _mm256_sub_epi32(w2, m);
    m = _mm256_and_si256(m, _mm256_cmpeq_epi32(w2, _mm256_setzero_si256()));
    w1 = _mm256_sub_epi32(w1, m);
    m = _mm256_and_si256(m, _mm256_cmpeq_epi32(w1, _mm256_setzero_si256()));
    w0 = _mm256_sub_epi32(w0, m);
  }
  x[0] = _mm256_gf2p8affine_epi64_epi8(w0, k->a1, 0);
  x[1] = _mm256_gf2p8affine_epi64_epi8(w1, k->a1, 0);
  x[2] = _mm256_gf2p8affine_epi64_epi8(w2, k->a1, 0);
  x[3] = _mm256_gf2p8affine_epi64_epi8(w3, k->a1, 0);
}

static inline void ctr_add(uint32_t c[4], uint32_t v, int wide) {
  uint32_t old = c[3];
  c[3] += v;
  if (wide && c[3] < old && ++c[2] == 0 && ++c[1] == 0) ++c[0];
}

TY void ctr_step(const uint32_t *rk, uint32_t c[4], const uint8_t *in, uint8_t *out, int sets, int wide, const k256 *k) {
  __m256i x[4 * MAINSETS], ks[4 * MAINSETS];
  for (int s = 0; s < sets; s++) {
    ctr_set(x + 4 * s, c, wide, k);
    ctr_add(c, SETB, wide);
  }
  rounds256(x, sets, rk, k);
  for (int s = 0; s < sets; s++) from_state(ks + 4 * s, x + 4 * s, k);
  for (int j = 0; j < 4 * sets; j++)
    _mm256_storeu_si256((__m256i *)(out + 32 * j), _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(in + 32 * j)), ks[j]));
}

FY void y_ctr(const uint32_t *rk, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t n, int wide) {
  const k256 kk = consts256();
  uint32_t c[4] = {sm4_load_be32(ctr), sm4_load_be32(ctr + 4), sm4_load_be32(ctr + 8), sm4_load_be32(ctr + 12)};
  uint32_t end[4] = {c[0], c[1], c[2], c[3]};
  ctr_add(end, (uint32_t)n, wide);
  if (wide)
    for (size_t hi = (size_t)((uint64_t)n >> 32); hi; hi--)
      if (++end[2] == 0 && ++end[1] == 0) ++end[0];
  if (n == 1) {
    uint8_t ks[16];
    y128_ecb_small(rk, ctr, ks, 1);
    for (int i = 0; i < 16; i++) out[i] = (uint8_t)(in[i] ^ ks[i]);
    sm4_wipe(ks, sizeof ks);
  } else if (wide) {
#define Y_CTR_W(sets, src, dst) ctr_step(rk, c, src, dst, sets, 1, &kk)
    Y_STEPS(n, Y_CTR_W);
  } else {
#define Y_CTR_N(sets, src, dst) ctr_step(rk, c, src, dst, sets, 0, &kk)
    Y_STEPS(n, Y_CTR_N);
  }
  for (int w = 0; w < 4; w++) sm4_store_be32(ctr + 4 * w, end[w]);
}

/* cbc: P_i = D(C_i) ^ C_{i-1}; cfb: P_i = C_i ^ E(C_{i-1}); prev holds C_{-1} on entry and
 * the step's last ciphertext block on return (read before dst, which may be src, is written). */
TY void chain_step(const uint32_t *rk, uint8_t prev[16], const uint8_t *in, uint8_t *out, int sets, int cbc, const k256 *k) {
  __m256i raw[4 * MAINSETS], pv[4 * MAINSETS], x[4 * MAINSETS];
  for (int j = 0; j < 4 * sets; j++) raw[j] = _mm256_loadu_si256((const __m256i *)(in + 32 * j));
  pv[0] = _mm256_loadu2_m128i((const __m128i *)in, (const __m128i *)prev);
  for (int j = 1; j < 4 * sets; j++) pv[j] = _mm256_loadu_si256((const __m256i *)(in + 32 * j - 16));
  _mm_storeu_si128((__m128i *)prev, _mm256_extracti128_si256(raw[4 * sets - 1], 1));
  for (int s = 0; s < sets; s++) to_state(x + 4 * s, (cbc ? raw : pv) + 4 * s, k);
  rounds256(x, sets, rk, k);
  for (int s = 0; s < sets; s++) from_state(x + 4 * s, x + 4 * s, k);
  for (int j = 0; j < 4 * sets; j++) _mm256_storeu_si256((__m256i *)(out + 32 * j), _mm256_xor_si256(x[j], cbc ? pv[j] : raw[j]));
}

TY void chain_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n, int cbc) {
  const k256 kk = consts256();
  uint8_t prev[16], last[16];
  memcpy(prev, iv, 16);
  memcpy(last, in + 16 * (n - 1), 16); /* the next IV, before out (maybe in) is written */
#define Y_CHAIN(sets, src, dst) chain_step(rk, prev, src, dst, sets, cbc, &kk)
  Y_STEPS(n, Y_CHAIN);
  memcpy(iv, last, 16);
}

/* One block: the serial routine's latency is a third of a set's. */
TY void one_block(const uint32_t *rk, const uint8_t *x, const uint8_t *mask, uint8_t *out, const uint8_t *post) {
  uint8_t b[16];
  for (int i = 0; i < 16; i++) b[i] = (uint8_t)(x[i] ^ (mask ? mask[i] : 0));
  y128_ecb_small(rk, b, b, 1);
  for (int i = 0; i < 16; i++) out[i] = (uint8_t)(b[i] ^ post[i]);
  sm4_wipe(b, sizeof b);
}

FY void y_cbc_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  if (n == 0) return;
  if (n == 1) {
    uint8_t c[16];
    memcpy(c, in, 16);
    one_block(rk, c, NULL, out, iv);
    memcpy(iv, c, 16);
    return;
  }
  chain_dec(rk, iv, in, out, n, 1);
}
FY void y_cfb_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  if (n == 0) return;
  if (n == 1) {
    uint8_t c[16];
    memcpy(c, in, 16);
    one_block(rk, iv, NULL, out, c);
    memcpy(iv, c, 16);
    return;
  }
  chain_dec(rk, iv, in, out, n, 0);
}

/* XTS tweaks of the next 8 blocks: each lane times α^8 (see sm4_gfni512.c for α^16). */
TY __m256i xts_step8(__m256i t, int ieee, __m256i rev) {
  if (!ieee) t = _mm256_gf2p8affine_epi64_epi8(t, rev, 0);
  __m256i h = _mm256_bsrli_epi128(t, 15);
  __m256i f = _mm256_xor_si256(_mm256_xor_si256(h, _mm256_slli_epi64(h, 1)), _mm256_xor_si256(_mm256_slli_epi64(h, 2), _mm256_slli_epi64(h, 7)));
  f = _mm256_xor_si256(f, _mm256_bslli_epi128(t, 1));
  if (!ieee) f = _mm256_gf2p8affine_epi64_epi8(f, rev, 0);
  return f;
}

/* tw: tweaks of the step's first set (four registers of two); advanced past the step. */
TY void xts_step(const uint32_t *rk, __m256i *tw, const uint8_t *in, uint8_t *out, int sets, int ieee, __m256i rev, const k256 *k) {
  __m256i raw[4 * MAINSETS], x[4 * MAINSETS], t[4 * MAINSETS];
  for (int s = 0; s < sets; s++)
    for (int j = 0; j < 4; j++) {
      t[4 * s + j] = tw[j];
      tw[j] = xts_step8(tw[j], ieee, rev);
    }
  for (int j = 0; j < 4 * sets; j++) raw[j] = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(in + 32 * j)), t[j]);
  for (int s = 0; s < sets; s++) to_state(x + 4 * s, raw + 4 * s, k);
  rounds256(x, sets, rk, k);
  for (int s = 0; s < sets; s++) from_state(raw + 4 * s, x + 4 * s, k);
  for (int j = 0; j < 4 * sets; j++) _mm256_storeu_si256((__m256i *)(out + 32 * j), _mm256_xor_si256(raw[j], t[j]));
}

FY void y_xts(const uint32_t *rk, uint8_t tweak[16], const uint8_t *in, uint8_t *out, size_t n, int ieee) {
  if (n == 0) return;
  if (n == 1) {
    one_block(rk, in, tweak, out, tweak);
    sm4_xts_mul_alpha(tweak, ieee);
    return;
  }
  const k256 kk = consts256();
  const __m256i rev = _mm256_set1_epi64x((long long)sm4_c.bitrev);
  uint8_t tb[16 * SETB];
  __m256i tw[4];
  for (int i = 0; i < SETB; i++) {
    memcpy(tb + 16 * i, tweak, 16);
    sm4_xts_mul_alpha(tweak, ieee);
  }
  for (int j = 0; j < 4; j++) tw[j] = _mm256_loadu_si256((const __m256i *)(tb + 32 * j));
  const size_t r = n % SETB;
  const size_t whole = n - r;
  size_t m = whole;
#define Y_XTS(sets, src, dst) xts_step(rk, tw, src, dst, sets, ieee, rev, &kk)
  for (; m >= SETB * MAINSETS; m -= SETB * MAINSETS, in += 16 * SETB * MAINSETS, out += 16 * SETB * MAINSETS) Y_XTS(MAINSETS, in, out);
  for (; m >= SETB; m -= SETB, in += 16 * SETB, out += 16 * SETB) Y_XTS(1, in, out);
  /* tw[0] lane 0: the tweak of block `whole` */
  _mm256_storeu_si256((__m256i *)tb, tw[0]);
  memcpy(tweak, tb, 16);
  for (size_t i = 0; i < r; i++) {
    one_block(rk, in + 16 * i, tweak, out + 16 * i, tweak);
    sm4_xts_mul_alpha(tweak, ieee);
  }
  sm4_wipe(tb, sizeof tb);
}

const sm4_impl sm4_impl_avx2_gfni = {
    .name = "avx2-gfni",
    .expand = y128_expand,
    .ecb = y_ecb,
    .ctr = y_ctr,
    .cbc_dec = y_cbc_dec,
    .cfb_dec = y_cfb_dec,
    .xts = y_xts,
    .cbc_enc = y128_cbc_enc,
    .cfb_enc = y128_cfb_enc,
    .ofb = y128_ofb,
    .cbc_mac = y128_cbc_mac,
    .ghash_init = sm4_ghash_clmul_init,
    .ghash = sm4_ghash_clmul,
};

#endif
