/* SM4 with AES-NI (CPUs without GFNI): aesenclast with a zero round key computes the AES
 * S-box, i.e. Aaes·inv(x) ^ 0x63 in the AES field, at ShiftRows positions. With the state in
 * the A1 domain (sm4_tables.c) the S-box input needs no pre-affine; the three output maps G0,
 * G8, G24 are 4-bit table pairs applied with pshufb (register permutes, not memory lookups),
 * and the ShiftRows correction is folded into the byte shuffles that do the rotations.
 *
 * Parallel modes: word-sliced, 4 blocks per 128-bit register set, two sets per step.
 * Serial modes and the key schedule: the rotation-lane layout of sm4_gfni_x128.h.
 * No secret-indexed memory access: constant-time.
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#include "sm4_internal.h"

#define A_ATTR __attribute__((target("aes,pclmul,ssse3,sse4.1")))
#define TA A_ATTR __attribute__((always_inline)) static inline
#define FA A_ATTR static

typedef struct {
  __m128i n0lo, n0hi, n8lo, n8hi, n24lo, n24hi, a1lo, a1hi, ailo, aihi, m0f, bswap, rf[4], sf[4];
} kA;

#define LD(p) _mm_loadu_si128((const __m128i *)(p))
#define ST(p, v) _mm_storeu_si128((__m128i *)(p), v)
#define XOR(a, b) _mm_xor_si128(a, b)

TA kA constsA(void) {
  kA k;
  k.n0lo = LD(sm4_c.n0_lo);
  k.n0hi = LD(sm4_c.n0_hi);
  k.n8lo = LD(sm4_c.n8_lo);
  k.n8hi = LD(sm4_c.n8_hi);
  k.n24lo = LD(sm4_c.n24_lo);
  k.n24hi = LD(sm4_c.n24_hi);
  k.a1lo = LD(sm4_c.a1_lo);
  k.a1hi = LD(sm4_c.a1_hi);
  k.ailo = LD(sm4_c.a1inv_lo);
  k.aihi = LD(sm4_c.a1inv_hi);
  k.m0f = _mm_set1_epi8(0x0f);
  k.bswap = _mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
  for (int r = 0; r < 4; r++) {
    k.rf[r] = LD(sm4_c.rotfix[r]);
    k.sf[r] = LD(sm4_c.sigfix[r]);
  }
  return k;
}

/* x -> M·x bytewise through a pair of nibble tables */
TA __m128i nib(__m128i lo_t, __m128i hi_t, __m128i lo, __m128i hi) {
  return XOR(_mm_shuffle_epi8(lo_t, lo), _mm_shuffle_epi8(hi_t, hi));
}
TA __m128i map(__m128i v, __m128i lo_t, __m128i hi_t, const kA *k) {
  return nib(lo_t, hi_t, _mm_and_si128(v, k->m0f), _mm_and_si128(_mm_srli_epi16(v, 4), k->m0f));
}

/* The S-box of t via aesenclast: nibbles of SubBytes(t) at ShiftRows positions. */
#define SBOX_NIBBLES(t, lo, hi)                                       \
  __m128i sb_ = _mm_aesenclast_si128(t, _mm_setzero_si128());         \
  __m128i lo = _mm_and_si128(sb_, k->m0f);                            \
  __m128i hi = _mm_and_si128(_mm_srli_epi16(sb_, 4), k->m0f)

/* ---------------------------------------------------------------- parallel (word-sliced) */

#define ROUNDA(x0, x1, x2, x3, rkv)                                                           \
  do {                                                                                        \
    __m128i t_ = XOR(XOR(x1, x2), XOR(x3, rkv));                                              \
    SBOX_NIBBLES(t_, lo_, hi_);                                                               \
    __m128i g0_ = nib(k->n0lo, k->n0hi, lo_, hi_), g8_ = nib(k->n8lo, k->n8hi, lo_, hi_);     \
    __m128i g24_ = nib(k->n24lo, k->n24hi, lo_, hi_);                                         \
    __m128i a_ = XOR(_mm_shuffle_epi8(g0_, k->rf[0]), _mm_shuffle_epi8(g24_, k->rf[3]));      \
    __m128i b_ = XOR(_mm_shuffle_epi8(g8_, k->rf[1]), _mm_shuffle_epi8(g8_, k->rf[2]));       \
    x0 = XOR(x0, XOR(a_, b_));                                                                \
  } while (0)

#define TRANSPOSE128(a, b, c, d)              \
  do {                                        \
    __m128i t0_ = _mm_unpacklo_epi32(a, b);   \
    __m128i t1_ = _mm_unpackhi_epi32(a, b);   \
    __m128i t2_ = _mm_unpacklo_epi32(c, d);   \
    __m128i t3_ = _mm_unpackhi_epi32(c, d);   \
    a = _mm_unpacklo_epi64(t0_, t2_);         \
    b = _mm_unpackhi_epi64(t0_, t2_);         \
    c = _mm_unpacklo_epi64(t1_, t3_);         \
    d = _mm_unpackhi_epi64(t1_, t3_);         \
  } while (0)

/* 8 blocks (two sets of four): in -> out, in place allowed. */
TA void ecb8(const uint32_t *rk, const uint8_t *in, uint8_t *out, const kA *k) {
  __m128i x[8];
  for (int s = 0; s < 2; s++) {
    __m128i a = _mm_shuffle_epi8(LD(in + 64 * s), k->bswap), b = _mm_shuffle_epi8(LD(in + 64 * s + 16), k->bswap);
    __m128i c = _mm_shuffle_epi8(LD(in + 64 * s + 32), k->bswap), d = _mm_shuffle_epi8(LD(in + 64 * s + 48), k->bswap);
    TRANSPOSE128(a, b, c, d);
    x[4 * s] = map(a, k->a1lo, k->a1hi, k);
    x[4 * s + 1] = map(b, k->a1lo, k->a1hi, k);
    x[4 * s + 2] = map(c, k->a1lo, k->a1hi, k);
    x[4 * s + 3] = map(d, k->a1lo, k->a1hi, k);
  }
  for (int i = 0; i < 32; i += 4) {
    const __m128i k0 = _mm_set1_epi32((int)rk[4 * i]), k1 = _mm_set1_epi32((int)rk[4 * i + 4]);
    const __m128i k2 = _mm_set1_epi32((int)rk[4 * i + 8]), k3 = _mm_set1_epi32((int)rk[4 * i + 12]);
    for (int s = 0; s < 2; s++) ROUNDA(x[4 * s], x[4 * s + 1], x[4 * s + 2], x[4 * s + 3], k0);
    for (int s = 0; s < 2; s++) ROUNDA(x[4 * s + 1], x[4 * s + 2], x[4 * s + 3], x[4 * s], k1);
    for (int s = 0; s < 2; s++) ROUNDA(x[4 * s + 2], x[4 * s + 3], x[4 * s], x[4 * s + 1], k2);
    for (int s = 0; s < 2; s++) ROUNDA(x[4 * s + 3], x[4 * s], x[4 * s + 1], x[4 * s + 2], k3);
  }
  for (int s = 0; s < 2; s++) {
    __m128i a = map(x[4 * s + 3], k->ailo, k->aihi, k), b = map(x[4 * s + 2], k->ailo, k->aihi, k);
    __m128i c = map(x[4 * s + 1], k->ailo, k->aihi, k), d = map(x[4 * s], k->ailo, k->aihi, k);
    TRANSPOSE128(a, b, c, d);
    ST(out + 64 * s, _mm_shuffle_epi8(a, k->bswap));
    ST(out + 64 * s + 16, _mm_shuffle_epi8(b, k->bswap));
    ST(out + 64 * s + 32, _mm_shuffle_epi8(c, k->bswap));
    ST(out + 64 * s + 48, _mm_shuffle_epi8(d, k->bswap));
  }
}

/* ---------------------------------------------------------------- serial (rotation lanes) */

TA void to_words(__m128i x[4], __m128i blk, const kA *k) {
  __m128i v = map(_mm_shuffle_epi8(blk, k->bswap), k->a1lo, k->a1hi, k);
  x[0] = _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1, 1, 2, 3, 0));
  x[1] = _mm_shuffle_epi8(v, _mm_setr_epi8(4, 5, 6, 7, 7, 4, 5, 6, 6, 7, 4, 5, 5, 6, 7, 4));
  x[2] = _mm_shuffle_epi8(v, _mm_setr_epi8(8, 9, 10, 11, 11, 8, 9, 10, 10, 11, 8, 9, 9, 10, 11, 8));
  x[3] = _mm_shuffle_epi8(v, _mm_setr_epi8(12, 13, 14, 15, 15, 12, 13, 14, 14, 15, 12, 13, 13, 14, 15, 12));
}

TA __m128i from_words(const __m128i x[4], const kA *k) {
  __m128i v = _mm_unpacklo_epi64(_mm_unpacklo_epi32(x[0], x[1]), _mm_unpacklo_epi32(x[2], x[3]));
  return _mm_shuffle_epi8(map(v, k->ailo, k->aihi, k), k->bswap);
}

#define SROUNDA(x0, t, q)                                                                     \
  do {                                                                                        \
    SBOX_NIBBLES(t, lo_, hi_);                                                                \
    __m128i a_ = nib(k->n0lo, k->n0hi, lo_, hi_), b_ = nib(k->n8lo, k->n8hi, lo_, hi_);       \
    __m128i c_ = nib(k->n24lo, k->n24hi, lo_, hi_);                                           \
    __m128i u_ = XOR(_mm_shuffle_epi8(a_, k->sf[0]), _mm_shuffle_epi8(c_, k->sf[3]));         \
    __m128i v_ = XOR(_mm_shuffle_epi8(b_, k->sf[1]), _mm_shuffle_epi8(b_, k->sf[2]));         \
    __m128i f_ = XOR(u_, v_);                                                                 \
    t = XOR(q, f_);                                                                           \
    x0 = XOR(x0, f_);                                                                         \
  } while (0)

#define RKV(i) LD(rk + 4 * ((i)&31))

TA void enc_words(__m128i x[4], const uint32_t *rk, const kA *k) {
  __m128i x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
  __m128i t = XOR(XOR(x1, x2), XOR(x3, RKV(0)));
  for (int i = 0; i < 32; i += 4) {
    __m128i q = XOR(XOR(x0, x2), XOR(x3, RKV(i + 1)));
    SROUNDA(x0, t, q);
    q = XOR(XOR(x1, x3), XOR(x0, RKV(i + 2)));
    SROUNDA(x1, t, q);
    q = XOR(XOR(x2, x0), XOR(x1, RKV(i + 3)));
    SROUNDA(x2, t, q);
    q = XOR(XOR(x3, x1), XOR(x2, RKV(i + 4)));
    SROUNDA(x3, t, q);
  }
  x[0] = x3;
  x[1] = x2;
  x[2] = x1;
  x[3] = x0;
}

FA void a_expand(const uint8_t key[16], uint32_t rk[SM4_RK_WORDS], int dec) {
  const kA kk = constsA(), *k = &kk;
  const __m128i fk = _mm_setr_epi32((int)0xa3b1bac6, 0x56aa3350, 0x677d9197, (int)0xb27022dc);
  const __m128i h0lo = LD(sm4_c.ks_n0_lo), h0hi = LD(sm4_c.ks_n0_hi), h8lo = LD(sm4_c.ks_n8_lo), h8hi = LD(sm4_c.ks_n8_hi);
  const __m128i h16lo = LD(sm4_c.ks_n16_lo), h16hi = LD(sm4_c.ks_n16_hi), h24lo = LD(sm4_c.ks_n24_lo),
                h24hi = LD(sm4_c.ks_n24_hi);
  const uint32_t *fix = dec ? sm4_c.fix_dec : sm4_c.fix_enc;
  __m128i kx[4];
  to_words(kx, _mm_shuffle_epi8(XOR(_mm_shuffle_epi8(LD(key), k->bswap), fk), k->bswap), k);
  for (int i = 0; i < 32; i++) {
    __m128i t = XOR(XOR(kx[(i + 1) & 3], kx[(i + 2) & 3]), XOR(kx[(i + 3) & 3], LD(sm4_c.ckd4 + 4 * i)));
    SBOX_NIBBLES(t, lo, hi);
    __m128i f = XOR(XOR(_mm_shuffle_epi8(nib(h0lo, h0hi, lo, hi), k->sf[0]), _mm_shuffle_epi8(nib(h8lo, h8hi, lo, hi), k->sf[1])),
                    XOR(_mm_shuffle_epi8(nib(h16lo, h16hi, lo, hi), k->sf[2]), _mm_shuffle_epi8(nib(h24lo, h24hi, lo, hi), k->sf[3])));
    kx[i & 3] = XOR(kx[i & 3], f);
    const int j = dec ? 31 - i : i;
    ST(rk + 4 * j, XOR(kx[i & 3], _mm_set1_epi32((int)fix[j])));
  }
  for (int w = 0; w < 4; w++) kx[w] = _mm_setzero_si128();
}

FA void a_cbc_enc(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  const kA kk = constsA(), *k = &kk;
  __m128i s[4], p[4];
  to_words(s, LD(iv), k);
  for (size_t i = 0; i < n; i++) {
    to_words(p, LD(in + 16 * i), k);
    for (int w = 0; w < 4; w++) s[w] = XOR(s[w], p[w]);
    enc_words(s, rk, k);
    ST(out + 16 * i, from_words(s, k));
  }
  ST(iv, from_words(s, k));
}

FA void a_cbc_mac(const uint32_t *rk, uint8_t st[16], const uint8_t *in, size_t n) {
  const kA kk = constsA(), *k = &kk;
  __m128i s[4], p[4];
  to_words(s, LD(st), k);
  for (size_t i = 0; i < n; i++) {
    to_words(p, LD(in + 16 * i), k);
    for (int w = 0; w < 4; w++) s[w] = XOR(s[w], p[w]);
    enc_words(s, rk, k);
  }
  ST(st, from_words(s, k));
}

FA void a_cfb_enc(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  const kA kk = constsA(), *k = &kk;
  __m128i s[4], p[4];
  to_words(s, LD(iv), k);
  for (size_t i = 0; i < n; i++) {
    to_words(p, LD(in + 16 * i), k);
    enc_words(s, rk, k);
    for (int w = 0; w < 4; w++) s[w] = XOR(s[w], p[w]);
    ST(out + 16 * i, from_words(s, k));
  }
  ST(iv, from_words(s, k));
}

FA void a_ofb(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  const kA kk = constsA(), *k = &kk;
  __m128i s[4];
  to_words(s, LD(iv), k);
  for (size_t i = 0; i < n; i++) {
    enc_words(s, rk, k);
    ST(out + 16 * i, XOR(LD(in + 16 * i), from_words(s, k)));
  }
  ST(iv, from_words(s, k));
}

/* ---------------------------------------------------------------- parallel modes */

#define STEP 8

TA void block1(const uint32_t *rk, const uint8_t *in, uint8_t *out, const kA *k) {
  __m128i s[4];
  to_words(s, LD(in), k);
  enc_words(s, rk, k);
  ST(out, from_words(s, k));
}

FA void a_ecb(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t n) {
  const kA kk = constsA();
  if (n == 1) {
    block1(rk, in, out, &kk);
    return;
  }
  for (; n >= STEP; n -= STEP, in += 16 * STEP, out += 16 * STEP) ecb8(rk, in, out, &kk);
  if (n) {
    uint8_t buf[16 * STEP] = {0};
    memcpy(buf, in, 16 * n);
    ecb8(rk, buf, buf, &kk);
    memcpy(out, buf, 16 * n);
    sm4_wipe(buf, sizeof buf);
  }
}

/* The counter blocks (public) are written out, encrypted in place, and XORed in. */
FA void a_ctr(const uint32_t *rk, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t n, int wide) {
  const kA kk = constsA();
  uint8_t ks[16 * STEP] = {0};
  while (n > 0) {
    size_t m = n < STEP ? n : STEP;
    for (size_t j = 0; j < m; j++) {
      memcpy(ks + 16 * j, ctr, 16);
      sm4_ctr_inc(ctr, wide);
    }
    if (m == 1) block1(rk, ks, ks, &kk);
    else ecb8(rk, ks, ks, &kk);
    for (size_t i = 0; i < 16 * m; i++) out[i] = (uint8_t)(in[i] ^ ks[i]);
    n -= m;
    in += 16 * m;
    out += 16 * m;
  }
  sm4_wipe(ks, sizeof ks);
}

/* cbc: P_i = D(C_i) ^ C_{i-1}; cfb: P_i = C_i ^ E(C_{i-1}). */
TA void chain_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n, int cbc) {
  const kA kk = constsA();
  uint8_t src[16 * STEP] = {0}, prev[16 * STEP] = {0}, x[16 * STEP];
  while (n > 0) {
    size_t m = n < STEP ? n : STEP;
    memcpy(src, in, 16 * m);
    memcpy(prev, iv, 16);
    memcpy(prev + 16, src, 16 * (m - 1));
    memcpy(iv, src + 16 * (m - 1), 16);
    ecb8(rk, cbc ? src : prev, x, &kk);
    for (size_t i = 0; i < 16 * m; i++) out[i] = (uint8_t)(x[i] ^ (cbc ? prev[i] : src[i]));
    n -= m;
    in += 16 * m;
    out += 16 * m;
  }
  sm4_wipe(src, sizeof src);
  sm4_wipe(prev, sizeof prev);
  sm4_wipe(x, sizeof x);
}

FA void a_cbc_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  chain_dec(rk, iv, in, out, n, 1);
}
FA void a_cfb_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  chain_dec(rk, iv, in, out, n, 0);
}

FA void a_xts(const uint32_t *rk, uint8_t tweak[16], const uint8_t *in, uint8_t *out, size_t n, int ieee) {
  const kA kk = constsA();
  uint8_t t[16 * STEP] = {0}, x[16 * STEP] = {0};
  while (n > 0) {
    size_t m = n < STEP ? n : STEP;
    for (size_t j = 0; j < m; j++) {
      memcpy(t + 16 * j, tweak, 16);
      sm4_xts_mul_alpha(tweak, ieee);
    }
    for (size_t i = 0; i < 16 * m; i++) x[i] = (uint8_t)(in[i] ^ t[i]);
    ecb8(rk, x, x, &kk);
    for (size_t i = 0; i < 16 * m; i++) out[i] = (uint8_t)(x[i] ^ t[i]);
    n -= m;
    in += 16 * m;
    out += 16 * m;
  }
  sm4_wipe(t, sizeof t);
  sm4_wipe(x, sizeof x);
}

const sm4_impl sm4_impl_aesni = {
    .name = "aesni",
    .expand = a_expand,
    .ecb = a_ecb,
    .ctr = a_ctr,
    .cbc_dec = a_cbc_dec,
    .cfb_dec = a_cfb_dec,
    .xts = a_xts,
    .cbc_enc = a_cbc_enc,
    .cfb_enc = a_cfb_enc,
    .ofb = a_ofb,
    .cbc_mac = a_cbc_mac,
    .ghash_init = sm4_ghash_clmul_init,
    .ghash = sm4_ghash_clmul,
};

#endif
