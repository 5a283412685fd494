/* GFNI on 128-bit registers: the key schedule and the serial modes (CBC encryption, CFB
 * encryption, OFB, CBC-MAC), shared by the AVX-512 and AVX2 paths. The including file
 * defines X128_ATTR (its target attribute), XOR3 and a name prefix X128(name).
 *
 * Layout: a 32-bit word w of the A1-domain state is held as the vector
 * [w, w<<<8, w<<<16, w<<<24] (lane r = w rotated left by 8r). GFNI works bytewise, so it maps
 * each lane to the same rotation of its result, and the round's rotations of the affine
 * outputs become lane moves: F = A ^ σ1(B) ^ σ2(B) ^ σ3(C) with σk = vpshufd "lane j takes
 * lane j+k". On AMD Zen 5 vpshufd runs on the four vector pipes while rotations share the two
 * GFNI pipes, so a round's critical path is one affine, one lane move and two XOR levels.
 *
 * A round's S-box input t_{i+1} = x_{i+2} ^ x_{i+3} ^ x_{i+4} ^ rk_{i+1} is formed as
 * (x_i ^ x_{i+2} ^ x_{i+3} ^ rk_{i+1}) ^ F_i without waiting for x_{i+4} = x_i ^ F_i.
 * The chaining value stays in the domain between blocks. No table lookups: constant-time.
 */
#ifndef X128_ATTR
#error "define X128_ATTR, XOR3 and X128 before including sm4_gfni_x128.h"
#endif

#define X128_T X128_ATTR __attribute__((always_inline)) static inline
#define SIG1(v) _mm_shuffle_epi32(v, 0x39)
#define SIG2(v) _mm_shuffle_epi32(v, 0x4e)
#define SIG3(v) _mm_shuffle_epi32(v, 0x93)

typedef struct {
  __m128i m0, m8, m24, a1, a1inv, bswap, rot[4];
} X128(k);

X128_T X128(k) X128(consts)(void) {
  X128(k) k;
  k.m0 = _mm_set1_epi64x((long long)sm4_c.m0);
  k.m8 = _mm_set1_epi64x((long long)sm4_c.m8);
  k.m24 = _mm_set1_epi64x((long long)sm4_c.m24);
  k.a1 = _mm_set1_epi64x((long long)sm4_c.a1);
  k.a1inv = _mm_set1_epi64x((long long)sm4_c.a1inv);
  k.bswap = _mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
  /* rot[w]: lane r = word w of the source rotated left by 8r (byte b <- byte b - r) */
  k.rot[0] = _mm_setr_epi8(0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1, 1, 2, 3, 0);
  k.rot[1] = _mm_setr_epi8(4, 5, 6, 7, 7, 4, 5, 6, 6, 7, 4, 5, 5, 6, 7, 4);
  k.rot[2] = _mm_setr_epi8(8, 9, 10, 11, 11, 8, 9, 10, 10, 11, 8, 9, 9, 10, 11, 8);
  k.rot[3] = _mm_setr_epi8(12, 13, 14, 15, 15, 12, 13, 14, 14, 15, 12, 13, 13, 14, 15, 12);
  return k;
}

/* Four words in lanes (A1 domain) -> four rotation vectors. */
X128_T void X128(spread)(__m128i x[4], __m128i v, const X128(k) * k) {
  for (int w = 0; w < 4; w++) x[w] = _mm_shuffle_epi8(v, k->rot[w]);
}

X128_T void X128(to_words)(__m128i x[4], __m128i blk, const X128(k) * k) {
  X128(spread)(x, _mm_gf2p8affine_epi64_epi8(_mm_shuffle_epi8(blk, k->bswap), k->a1, 0), k);
}

/* Lane 0 of the four output words -> a block. */
X128_T __m128i X128(from_words)(const __m128i x[4], const X128(k) * k) {
  __m128i v = _mm_unpacklo_epi64(_mm_unpacklo_epi32(x[0], x[1]), _mm_unpacklo_epi32(x[2], x[3]));
  return _mm_shuffle_epi8(_mm_gf2p8affine_epi64_epi8(v, k->a1inv, 0), k->bswap);
}

#define X128_RK(i) _mm_loadu_si128((const __m128i *)(rk + 4 * ((i)&31)))

/* One round: t is the S-box input; q = x_i ^ x_{i+2} ^ x_{i+3} ^ rk_{i+1}. */
#define X128_ROUND(x0, t, q)                                                  \
  do {                                                                        \
    __m128i b_ = _mm_gf2p8affineinv_epi64_epi8(t, k->m8, 0);                  \
    __m128i c_ = _mm_gf2p8affineinv_epi64_epi8(t, k->m24, 0);                 \
    __m128i a_ = _mm_gf2p8affineinv_epi64_epi8(t, k->m0, 0);                  \
    __m128i u_ = XOR3(a_, SIG1(b_), SIG2(b_));                                \
    __m128i v_ = SIG3(c_);                                                    \
    t = XOR3(q, u_, v_);                                                      \
    x0 = XOR3(x0, u_, v_);                                                    \
  } while (0)

/* Encrypts the domain words x[0..3]; the result is in output order (x[0] = X35 ... X32). */
X128_T void X128(enc_words)(__m128i x[4], const uint32_t *rk, const X128(k) * k) {
  __m128i x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
  __m128i t = XOR3(x1, x2, _mm_xor_si128(x3, X128_RK(0)));
  for (int i = 0; i < 32; i += 4) {
    __m128i q = XOR3(x0, x2, _mm_xor_si128(x3, X128_RK(i + 1)));
    X128_ROUND(x0, t, q);
    q = XOR3(x1, x3, _mm_xor_si128(x0, X128_RK(i + 2)));
    X128_ROUND(x1, t, q);
    q = XOR3(x2, x0, _mm_xor_si128(x1, X128_RK(i + 3)));
    X128_ROUND(x2, t, q);
    q = XOR3(x3, x1, _mm_xor_si128(x2, X128_RK(i + 4)));
    X128_ROUND(x3, t, q);
  }
  x[0] = x3;
  x[1] = x2;
  x[2] = x1;
  x[3] = x0;
}

/* One key-schedule round: k0 ^= F(k1 ^ k2 ^ k3 ^ CK'_i); then stores the prepared key. */
#define X128_KROUND(k0, k1, k2, k3, i)                                                                   \
  do {                                                                                                   \
    __m128i t_ = XOR3(k1, k2, _mm_xor_si128(k3, _mm_loadu_si128((const __m128i *)(sm4_c.ckd4 + 4 * (i))))); \
    __m128i h8_ = _mm_gf2p8affineinv_epi64_epi8(t_, ks8, 0), h16_ = _mm_gf2p8affineinv_epi64_epi8(t_, ks16, 0); \
    __m128i h24_ = _mm_gf2p8affineinv_epi64_epi8(t_, ks24, 0), h0_ = _mm_gf2p8affineinv_epi64_epi8(t_, ks0, 0); \
    k0 = XOR3(k0, XOR3(h0_, SIG1(h8_), SIG2(h16_)), SIG3(h24_));                                         \
    const int j_ = dec ? 31 - (i) : (i);                                                                 \
    _mm_storeu_si128((__m128i *)(rk + 4 * j_), _mm_xor_si128(k0, _mm_set1_epi32((int)fix[j_])));        \
  } while (0)

/* The key schedule (§7.3) in the domain, producing the prepared keys and their rotations. */
X128_ATTR static void X128(expand)(const uint8_t key[16], uint32_t rk[SM4_RK_WORDS], int dec) {
  const __m128i bswap = _mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
  const __m128i fk = _mm_setr_epi32((int)0xa3b1bac6, 0x56aa3350, 0x677d9197, (int)0xb27022dc);
  const __m128i ks0 = _mm_set1_epi64x((long long)sm4_c.ks0), ks8 = _mm_set1_epi64x((long long)sm4_c.ks8);
  const __m128i ks16 = _mm_set1_epi64x((long long)sm4_c.ks16), ks24 = _mm_set1_epi64x((long long)sm4_c.ks24);
  const uint32_t *fix = dec ? sm4_c.fix_dec : sm4_c.fix_enc;
  __m128i v = _mm_xor_si128(_mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)key), bswap), fk);
  v = _mm_gf2p8affine_epi64_epi8(v, _mm_set1_epi64x((long long)sm4_c.a1), 0);
  /* lane r of word w = word w <<< 8r: byte b <- byte b - r */
  __m128i k0 = _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1, 1, 2, 3, 0));
  __m128i k1 = _mm_shuffle_epi8(v, _mm_setr_epi8(4, 5, 6, 7, 7, 4, 5, 6, 6, 7, 4, 5, 5, 6, 7, 4));
  __m128i k2 = _mm_shuffle_epi8(v, _mm_setr_epi8(8, 9, 10, 11, 11, 8, 9, 10, 10, 11, 8, 9, 9, 10, 11, 8));
  __m128i k3 = _mm_shuffle_epi8(v, _mm_setr_epi8(12, 13, 14, 15, 15, 12, 13, 14, 14, 15, 12, 13, 13, 14, 15, 12));
  for (int i = 0; i < 32; i += 4) {
    X128_KROUND(k0, k1, k2, k3, i);
    X128_KROUND(k1, k2, k3, k0, i + 1);
    X128_KROUND(k2, k3, k0, k1, i + 2);
    X128_KROUND(k3, k0, k1, k2, i + 3);
  }
  k0 = k1 = k2 = k3 = v = _mm_setzero_si128();
  (void)k0;
  (void)k1;
  (void)k2;
  (void)k3;
  (void)v;
}

#define X128_LOAD(p) _mm_loadu_si128((const __m128i *)(p))
#define X128_STORE(p, v) _mm_storeu_si128((__m128i *)(p), v)

X128_ATTR static void X128(cbc_enc)(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  const X128(k) kk = X128(consts)(), *k = &kk;
  __m128i s[4], p[4];
  X128(to_words)(s, X128_LOAD(iv), k);
  for (size_t i = 0; i < n; i++) {
    X128(to_words)(p, X128_LOAD(in + 16 * i), k);
    for (int w = 0; w < 4; w++) s[w] = _mm_xor_si128(s[w], p[w]);
    X128(enc_words)(s, rk, k);
    X128_STORE(out + 16 * i, X128(from_words)(s, k));
  }
  X128_STORE(iv, X128(from_words)(s, k));
}

X128_ATTR static void X128(cbc_mac)(const uint32_t *rk, uint8_t st[16], const uint8_t *in, size_t n) {
  const X128(k) kk = X128(consts)(), *k = &kk;
  __m128i s[4], p[4];
  X128(to_words)(s, X128_LOAD(st), k);
  for (size_t i = 0; i < n; i++) {
    X128(to_words)(p, X128_LOAD(in + 16 * i), k);
    for (int w = 0; w < 4; w++) s[w] = _mm_xor_si128(s[w], p[w]);
    X128(enc_words)(s, rk, k);
  }
  X128_STORE(st, X128(from_words)(s, k));
}

/* C_i = P_i ^ E(C_{i-1}): after XORing P_i the words are the next input. */
X128_ATTR static void X128(cfb_enc)(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  const X128(k) kk = X128(consts)(), *k = &kk;
  __m128i s[4], p[4];
  X128(to_words)(s, X128_LOAD(iv), k);
  for (size_t i = 0; i < n; i++) {
    X128(to_words)(p, X128_LOAD(in + 16 * i), k);
    X128(enc_words)(s, rk, k);
    for (int w = 0; w < 4; w++) s[w] = _mm_xor_si128(s[w], p[w]);
    X128_STORE(out + 16 * i, X128(from_words)(s, k));
  }
  X128_STORE(iv, X128(from_words)(s, k));
}

X128_ATTR static void X128(ofb)(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  const X128(k) kk = X128(consts)(), *k = &kk;
  __m128i s[4];
  X128(to_words)(s, X128_LOAD(iv), k);
  for (size_t i = 0; i < n; i++) {
    X128(enc_words)(s, rk, k);
    X128_STORE(out + 16 * i, _mm_xor_si128(X128_LOAD(in + 16 * i), X128(from_words)(s, k)));
  }
  X128_STORE(iv, X128(from_words)(s, k));
}

/* A few independent blocks (ECB on tiny inputs, where the 16-block kernels would wait on the
 * latency of 32 rounds anyway): one block at a time through the same routine. */
X128_ATTR static void X128(ecb_small)(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t n) {
  const X128(k) kk = X128(consts)(), *k = &kk;
  __m128i s[4];
  for (size_t i = 0; i < n; i++) {
    X128(to_words)(s, X128_LOAD(in + 16 * i), k);
    X128(enc_words)(s, rk, k);
    X128_STORE(out + 16 * i, X128(from_words)(s, k));
  }
}
