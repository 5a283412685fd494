/* The ZUC engine (GM/T 0001.1-2012; 3GPP "Specification of the 3GPP Confidentiality and
 * Integrity Algorithms 128-EEA3 & 128-EIA3, Document 2: ZUC Specification" v1.6): LFSR (§3.2),
 * bit reorganisation (§3.3), nonlinear function F (§3.4), key loading (§3.5), initialisation and
 * working stages (§3.6); ZUC-256 key/IV loading ("The ZUC-256 Stream Cipher", 2018).
 *
 * Layout: 16 steps are written out with the LFSR cells renamed instead of shifted (step i reads
 * cell s[(i + k) & 15] for s_k and writes s_16 over s[i & 15]), so a step is only its own
 * arithmetic. The LFSR feedback 2^15 s15 + 2^17 s13 + 2^21 s10 + 2^20 s4 + (1 + 2^8) s0 is summed
 * in 64 bits and reduced mod 2^31 - 1 by two folds (x & M) + (x >> 31): fewer operations than
 * five 31-bit rotations and modular additions, and the result is in [1, 2^31 - 1] as §3.2
 * requires (a sum that is 0 mod 2^31 - 1 comes out as 2^31 - 1, never 0, since s0 >= 1).
 *
 * Portable path: S(x) is four secret-indexed lookups in tables pre-shifted to their byte lane
 * (not constant-time against an attacker who can observe the CPU cache). */
#include <string.h>

#include "zuc.h"
#include "zuc_internal.h"
#include "zuc_sbox.h"

#define SH24(x) ((uint32_t)(x) << 24),
#define SH16(x) ((uint32_t)(x) << 16),
#define SH8(x) ((uint32_t)(x) << 8),
#define SH0(x) ((uint32_t)(x)),

/* S(x) = S0 || S1 || S0 || S1 bytewise (§3.4): T0[b] = S0[b] << 24, T1 = S1 << 16, ... */
static const uint32_t T0[256] = {MIMA_ZUC_S0(SH24)};
static const uint32_t T1[256] = {MIMA_ZUC_S1(SH16)};
static const uint32_t T2[256] = {MIMA_ZUC_S0(SH8)};
static const uint32_t T3[256] = {MIMA_ZUC_S1(SH0)};

#define M31 0x7fffffffu

static inline uint32_t rol32(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

static inline uint32_t sbox(uint32_t x) { return T0[x >> 24] | T1[(x >> 16) & 255] | T2[(x >> 8) & 255] | T3[x & 255]; }

/* L1, L2 (§3.4). */
static inline uint32_t L1(uint32_t x) { return x ^ rol32(x, 2) ^ rol32(x, 10) ^ rol32(x, 18) ^ rol32(x, 24); }
static inline uint32_t L2(uint32_t x) { return x ^ rol32(x, 8) ^ rol32(x, 14) ^ rol32(x, 22) ^ rol32(x, 30); }

static inline uint32_t fold31(uint64_t v) {
  v = (v & M31) + (v >> 31);
  v = (v & M31) + (v >> 31);
  return (uint32_t)v;
}

#define S(k) s[(i + (k)) & 15]

/* One step at position i: BR (§3.3), F (§3.4) with W = (X0 ^ R1) + R2, then the LFSR (§3.2).
 * INIT adds u = W >> 1 to the feedback (initialisation mode); OUT receives Z = W ^ X3. */
#define ZUC_STEP(i, INIT, OUT)                                                                       \
  do {                                                                                               \
    uint32_t x0 = ((S(15) & 0x7fff8000u) << 1) | (S(14) & 0xffffu);                                  \
    uint32_t x1 = (S(11) << 16) | (S(9) >> 15);                                                      \
    uint32_t x2 = (S(7) << 16) | (S(5) >> 15);                                                       \
    uint32_t w = (x0 ^ r1) + r2;                                                                     \
    OUT;                                                                                             \
    uint32_t w1 = r1 + x1;                                                                           \
    uint32_t w2 = r2 ^ x2;                                                                           \
    r1 = sbox(L1((w1 << 16) | (w2 >> 16)));                                                          \
    r2 = sbox(L2((w2 << 16) | (w1 >> 16)));                                                          \
    uint64_t v = (uint64_t)S(0) * 257 + (((uint64_t)S(4) + 2 * (uint64_t)S(10)) << 20) +                \
                 ((4 * (uint64_t)S(13) + (uint64_t)S(15)) << 15);                                    \
    if (INIT) v += w >> 1;                                                                           \
    S(0) = fold31(v);                                                                                \
  } while (0)

#define STEPS16(INIT, OUT_AT)                     \
  do {                                            \
    { enum { i = 0 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 1 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 2 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 3 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 4 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 5 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 6 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 7 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 8 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 9 }; ZUC_STEP(i, INIT, OUT_AT); }  \
    { enum { i = 10 }; ZUC_STEP(i, INIT, OUT_AT); } \
    { enum { i = 11 }; ZUC_STEP(i, INIT, OUT_AT); } \
    { enum { i = 12 }; ZUC_STEP(i, INIT, OUT_AT); } \
    { enum { i = 13 }; ZUC_STEP(i, INIT, OUT_AT); } \
    { enum { i = 14 }; ZUC_STEP(i, INIT, OUT_AT); } \
    { enum { i = 15 }; ZUC_STEP(i, INIT, OUT_AT); } \
  } while (0)

/* The 32 initialisation steps and the one working step without output (§3.6.1). */
static void initialise(mima_zuc_state *st) {
  uint32_t s[16];
  memcpy(s, st->s, sizeof s);
  uint32_t r1 = 0, r2 = 0;
  STEPS16(1, (void)0);
  STEPS16(1, (void)0);
  {
    enum { i = 0 };
    ZUC_STEP(i, 0, (void)w);
  }
  /* The cells are now rotated by one: s_k is s[(k + 1) & 15]. */
  for (int k = 0; k < 16; k++) st->s[k] = s[(k + 1) & 15];
  st->r1 = r1;
  st->r2 = r2;
  mima_zuc_burn(s, sizeof s);
}

/* ZUC-128 key loading (§3.5): s_i = k_i || d_i || iv_i (8 + 15 + 8 bits). */
static const uint16_t D128[16] = {
  0x44d7, 0x26bc, 0x626b, 0x135e, 0x5789, 0x35e2, 0x7135, 0x09af,
  0x4d78, 0x2f13, 0x6bc4, 0x1af1, 0x5e26, 0x3c4d, 0x789a, 0x47ac,
};

void mima_zuc128_init(mima_zuc_state *st, const uint8_t key[16], const uint8_t iv[16]) {
  for (int i = 0; i < 16; i++) st->s[i] = ((uint32_t)key[i] << 23) | ((uint32_t)D128[i] << 8) | iv[i];
  initialise(st);
}

/* ZUC-256 constants ("The ZUC-256 Stream Cipher", initialisation and MAC sections). */
static const uint8_t D256_KS[16] = {0x22, 0x2f, 0x24, 0x2a, 0x6d, 0x40, 0x40, 0x40,
                                    0x40, 0x40, 0x40, 0x40, 0x40, 0x52, 0x10, 0x30};
static const uint8_t D256_MAC32[16] = {0x22, 0x2f, 0x25, 0x2a, 0x6d, 0x40, 0x40, 0x40,
                                       0x40, 0x40, 0x40, 0x40, 0x40, 0x52, 0x10, 0x30};
static const uint8_t D256_MAC64[16] = {0x23, 0x2f, 0x24, 0x2a, 0x6d, 0x40, 0x40, 0x40,
                                       0x40, 0x40, 0x40, 0x40, 0x40, 0x52, 0x10, 0x30};
static const uint8_t D256_MAC128[16] = {0x23, 0x2f, 0x25, 0x2a, 0x6d, 0x40, 0x40, 0x40,
                                        0x40, 0x40, 0x40, 0x40, 0x40, 0x52, 0x10, 0x30};

const uint8_t *mima_zuc256_d_keystream(void) { return D256_KS; }

const uint8_t *mima_zuc256_d_mac(unsigned macbits) {
  return macbits == 32 ? D256_MAC32 : macbits == 64 ? D256_MAC64 : macbits == 128 ? D256_MAC128 : NULL;
}

static inline uint32_t cell(uint32_t a, uint32_t b, uint32_t c, uint32_t d) { return (a << 23) | (b << 16) | (c << 8) | d; }

void mima_zuc256_init(mima_zuc_state *st, const uint8_t K[32], const uint8_t IV[17], const uint8_t iv6[8],
                      const uint8_t d[16]) {
  uint32_t *s = st->s;
  s[0] = cell(K[0], d[0], K[21], K[16]);
  s[1] = cell(K[1], d[1], K[22], K[17]);
  s[2] = cell(K[2], d[2], K[23], K[18]);
  s[3] = cell(K[3], d[3], K[24], K[19]);
  s[4] = cell(K[4], d[4], K[25], K[20]);
  s[5] = cell(IV[0], d[5] | iv6[0], K[5], K[26]);
  s[6] = cell(IV[1], d[6] | iv6[1], K[6], K[27]);
  s[7] = cell(IV[10], d[7] | iv6[2], K[7], IV[2]);
  s[8] = cell(K[8], d[8] | iv6[3], IV[3], IV[11]);
  s[9] = cell(K[9], d[9] | iv6[4], IV[12], IV[4]);
  s[10] = cell(IV[5], d[10] | iv6[5], K[10], K[28]);
  s[11] = cell(K[11], d[11] | iv6[6], IV[6], IV[13]);
  s[12] = cell(K[12], d[12] | iv6[7], IV[7], IV[14]);
  s[13] = cell(K[13], d[13], IV[15], IV[8]);
  s[14] = cell(K[14], d[14] | (K[31] >> 4), IV[16], IV[9]);
  s[15] = cell(K[15], d[15] | (K[31] & 0x0f), K[30], K[29]);
  initialise(st);
}

int mima_zuc256_parse_iv(const uint8_t *iv, size_t len, uint8_t iv17[17], uint8_t iv6[8]) {
  if (len == 25) {
    for (int i = 0; i < 8; i++) {
      if (iv[17 + i] > 0x3f) return -1;
    }
    memcpy(iv17, iv, 17);
    memcpy(iv6, iv + 17, 8);
    return 0;
  }
  if (len == 23) {
    memcpy(iv17, iv, 17);
    /* Bytes 17..22 hold eight 6-bit values, most significant first. */
    uint64_t bits = 0;
    for (int i = 0; i < 6; i++) bits = (bits << 8) | iv[17 + i];
    for (int i = 0; i < 8; i++) iv6[i] = (uint8_t)((bits >> (42 - 6 * i)) & 0x3f);
    return 0;
  }
  return -1;
}

/* Writes 16 * nblocks keystream words. */
static void keystream_blocks(mima_zuc_state *st, uint32_t *out, size_t nblocks) {
  uint32_t s[16];
  memcpy(s, st->s, sizeof s);
  uint32_t r1 = st->r1, r2 = st->r2;
  for (; nblocks > 0; nblocks--, out += 16) {
    STEPS16(0, out[i] = w ^ ((S(2) << 16) | (S(0) >> 15)));
  }
  memcpy(st->s, s, sizeof s);
  st->r1 = r1;
  st->r2 = r2;
  mima_zuc_burn(s, sizeof s);
}

/* One keystream word (for lengths that are not a multiple of 16 words). */
static uint32_t keystream_word(mima_zuc_state *st) {
  uint32_t *s = st->s;
  uint32_t r1 = st->r1, r2 = st->r2, z = 0;
  {
    enum { i = 0 };
    ZUC_STEP(i, 0, z = w ^ ((S(2) << 16) | (S(0) >> 15)));
  }
  /* Shift the cells so that s_0 is s[0] again. */
  uint32_t s16 = s[0];
  memmove(s, s + 1, 15 * sizeof *s);
  s[15] = s16;
  st->r1 = r1;
  st->r2 = r2;
  return z;
}

void mima_zuc_keystream(mima_zuc_state *st, uint32_t *out, size_t nwords) {
  size_t blocks = nwords / 16;
  if (blocks > 0) keystream_blocks(st, out, blocks);
  for (size_t i = blocks * 16; i < nwords; i++) out[i] = keystream_word(st);
}

static inline uint32_t load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* Generating and XORing 16 words at a time, in place in a stack block of 64 bytes. */
void mima_zuc_xor(mima_zuc_state *st, const uint8_t *in, uint8_t *out, size_t len) {
  uint32_t ks[16 * 4];
  while (len >= 256) {
    keystream_blocks(st, ks, 4);
    for (int i = 0; i < 64; i++) store_be32(out + 4 * i, load_be32(in + 4 * i) ^ ks[i]);
    in += 256;
    out += 256;
    len -= 256;
  }
  if (len > 0) {
    size_t words = (len + 3) / 4;
    mima_zuc_keystream(st, ks, words);
    size_t full = len / 4;
    for (size_t i = 0; i < full; i++) store_be32(out + 4 * i, load_be32(in + 4 * i) ^ ks[i]);
    for (size_t b = full * 4; b < len; b++) out[b] = in[b] ^ (uint8_t)(ks[b / 4] >> (24 - 8 * (b % 4)));
  }
  mima_zuc_burn(ks, sizeof ks);
}

/* EEA3 IV (3GPP EEA3 §3): COUNT || BEARER || DIRECTION || 0^26, twice. */
void mima_eea3(const uint8_t key[16], uint32_t count, uint32_t bearer, uint32_t direction, const uint8_t *in,
               uint64_t bits, uint8_t *out) {
  uint8_t iv[16];
  memset(iv, 0, sizeof iv);
  store_be32(iv, count);
  iv[4] = (uint8_t)(((bearer & 31) << 3) | ((direction & 1) << 2));
  memcpy(iv + 8, iv, 8);
  mima_zuc_state st;
  mima_zuc128_init(&st, key, iv);
  size_t nbytes = (size_t)((bits + 7) / 8);
  mima_zuc_xor(&st, in, out, nbytes);
  unsigned r = (unsigned)(bits % 8);
  if (r != 0) out[nbytes - 1] &= (uint8_t)(0xff << (8 - r));
  mima_zuc_burn(&st, sizeof st);
}
