/* SM4 on AVX-512 + GFNI, the parallel modes: 16 blocks per set of four 512-bit registers,
 * word-sliced (register w holds word w of every block), up to eight sets (128 blocks) in
 * flight so the 32 dependent rounds of one set overlap those of the others. Each round is one
 * XOR of three states and the key, three vgf2p8affineinvqb, three rotations and two ternary
 * XORs (the A1-domain round of sm4_tables.c). Partial sets use masked loads and stores. No
 * table lookups anywhere: constant-time.
 *
 * A byte-sliced layout (register p = byte p of 64 blocks) needs no rotations at all, which
 * halves the work on the two pipes that GFNI shares with rotations on AMD Zen 5; it was tried
 * and measured slower (0.79 against 0.53 cycles per byte for two 64-block sets): a round
 * needs all twelve affines of the previous one, and two sets of 16 state registers spill.
 *
 * Serial modes: sm4_gfni512_serial.c; GHASH: ghash_vpclmul.c.
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <string.h>

#include "secure.h"
#include "ghash_x512.h"
#include "sm4_x512.h"

/* ---------------------------------------------------------------- loads and stores */

/* Dword mask of register j (blocks 4j .. 4j+3) when only the first nb blocks exist. */
T512 __mmask16 reg_mask(size_t nb, int j) {
  size_t c = nb > 4u * (size_t)j ? nb - 4u * (size_t)j : 0;
  if (c > 4) c = 4;
  return (__mmask16)((1u << (4 * c)) - 1);
}

T512 void load_regs(__m512i *r, const uint8_t *p, size_t nb, int regs) {
  if (nb == 4u * (size_t)regs) {
    for (int j = 0; j < regs; j++) r[j] = _mm512_loadu_si512((const void *)(p + 64 * j));
  } else {
    for (int j = 0; j < regs; j++) r[j] = _mm512_maskz_loadu_epi32(reg_mask(nb, j), p + 64 * j);
  }
}

T512 void store_regs(uint8_t *p, const __m512i *r, size_t nb, int regs) {
  if (nb == 4u * (size_t)regs) {
    for (int j = 0; j < regs; j++) _mm512_storeu_si512((void *)(p + 64 * j), r[j]);
  } else {
    for (int j = 0; j < regs; j++) _mm512_mask_storeu_epi32(p + 64 * j, reg_mask(nb, j), r[j]);
  }
}

/* Up to eight sets (128 blocks) per step: one set's 32 rounds wait on the round's latency
 * (about 20 cycles here), so more sets in flight keep the two GFNI pipes busy; measured on
 * ECB, 2/3/4/6/8 sets run at 1.12/0.84/0.66/0.57/0.53 cycles per byte despite the spills. */
#define MAXSETS 8

/* Runs STEP(nb, sets) over n blocks: 128-block steps, then one of 64, then the last 1..63
 * with a constant set count. Advances in/out. */
#define ALL_STEPS(n, STEP)                                                       \
  do {                                                                           \
    for (; (n) >= 128; (n) -= 128, in += 2048, out += 2048) STEP(128, 8);        \
    if ((n) >= 64) {                                                             \
      STEP(64, 4);                                                               \
      (n) -= 64;                                                                 \
      in += 1024;                                                                \
      out += 1024;                                                               \
    }                                                                            \
    switch (((n) + 15) / 16) {                                                   \
      case 0: break;                                                             \
      case 1: STEP((n), 1); break;                                               \
      case 2: STEP((n), 2); break;                                               \
      case 3: STEP((n), 3); break;                                               \
      default: STEP((n), 4); break;                                              \
    }                                                                            \
  } while (0)

/* ---------------------------------------------------------------- ECB */

T512 void ecb_step(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t nb, int sets, const k512 *k) {
  __m512i raw[4 * MAXSETS], x[4 * MAXSETS];
  load_regs(raw, in, nb, 4 * sets);
  for (int s = 0; s < sets; s++) to_state(x + 4 * s, raw + 4 * s, k);
  rounds512(x, sets, rk, k);
  for (int s = 0; s < sets; s++) from_state(raw + 4 * s, x + 4 * s, k);
  store_regs(out, raw, nb, 4 * sets);
}

/* Below this many blocks the latency of one block through the serial routine wins. */
#define ECB_SMALL 1

F512 void x_ecb(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t n) {
  if (n <= ECB_SMALL) {
    sm4_x512_ecb_small(rk, in, out, n);
    return;
  }
  const k512 kk = consts512();
#define ECB_STEP(nb, sets) ecb_step(rk, in, out, nb, sets, &kk)
  ALL_STEPS(n, ECB_STEP);
}

/* ---------------------------------------------------------------- CTR */

/* Counter blocks c + 0..15 as word-sliced A1-domain state: block 4j + L is dword 4L + j. */
T512 void ctr_state(__m512i *x, const uint32_t c[4], int wide, const k512 *k) {
  const __m512i off = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  const __m512i one = _mm512_set1_epi32(1), zero = _mm512_setzero_si512();
  __m512i w3 = _mm512_add_epi32(_mm512_set1_epi32((int)c[3]), off);
  __m512i w2 = _mm512_set1_epi32((int)c[2]), w1 = _mm512_set1_epi32((int)c[1]), w0 = _mm512_set1_epi32((int)c[0]);
  if (wide) { /* carries of the 128-bit big-endian counter */
    __mmask16 m = _mm512_cmplt_epu32_mask(w3, off);
    w2 = _mm512_mask_add_epi32(w2, m, w2, one);
    m = _mm512_mask_cmpeq_epi32_mask(m, w2, zero);
    w1 = _mm512_mask_add_epi32(w1, m, w1, one);
    m = _mm512_mask_cmpeq_epi32_mask(m, w1, zero);
    w0 = _mm512_mask_add_epi32(w0, m, w0, one);
  }
  x[0] = _mm512_gf2p8affine_epi64_epi8(w0, k->a1, 0);
  x[1] = _mm512_gf2p8affine_epi64_epi8(w1, k->a1, 0);
  x[2] = _mm512_gf2p8affine_epi64_epi8(w2, k->a1, 0);
  x[3] = _mm512_gf2p8affine_epi64_epi8(w3, k->a1, 0);
}

static inline void ctr_add(uint32_t c[4], uint32_t v, int wide) {
  uint32_t old = c[3];
  c[3] += v;
  if (wide && c[3] < old && ++c[2] == 0 && ++c[1] == 0) ++c[0];
}

T512 void ctr_step(const uint32_t *rk, uint32_t c[4], const uint8_t *in, uint8_t *out, size_t nb, int sets, int wide,
                   const k512 *k) {
  __m512i ks[4 * MAXSETS], x[4 * MAXSETS], d[4 * MAXSETS];
  for (int s = 0; s < sets; s++) {
    ctr_state(x + 4 * s, c, wide, k);
    ctr_add(c, 16, wide);
  }
  rounds512(x, sets, rk, k);
  for (int s = 0; s < sets; s++) from_state(ks + 4 * s, x + 4 * s, k);
  load_regs(d, in, nb, 4 * sets);
  for (int j = 0; j < 4 * sets; j++) d[j] = _mm512_xor_si512(d[j], ks[j]);
  store_regs(out, d, nb, 4 * sets);
}

F512 void x_ctr(const uint32_t *rk, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t n, int wide) {
  if (n == 1) { /* one block: the serial routine has the shorter latency */
    uint8_t ks[16];
    sm4_x512_ecb_small(rk, ctr, ks, 1);
    for (int i = 0; i < 16; i++) out[i] = (uint8_t)(in[i] ^ ks[i]);
    uint32_t c[4] = {sm4_load_be32(ctr), sm4_load_be32(ctr + 4), sm4_load_be32(ctr + 8), sm4_load_be32(ctr + 12)};
    ctr_add(c, 1, wide);
    for (int w = 0; w < 4; w++) sm4_store_be32(ctr + 4 * w, c[w]);
    sm4_wipe(ks, sizeof ks);
    return;
  }
  const k512 kk = consts512();
  uint32_t c[4] = {sm4_load_be32(ctr), sm4_load_be32(ctr + 4), sm4_load_be32(ctr + 8), sm4_load_be32(ctr + 12)};
  uint32_t end[4] = {c[0], c[1], c[2], c[3]};
  ctr_add(end, (uint32_t)n, wide);
  if (wide) /* n may exceed 2^32 blocks only in theory; carry the high part too */
    for (size_t hi = (size_t)((uint64_t)n >> 32); hi; hi--) {
      if (++end[2] == 0 && ++end[1] == 0) ++end[0];
    }
  if (wide) {
#define CTR_STEP_W(nb, sets) ctr_step(rk, c, in, out, nb, sets, 1, &kk)
    ALL_STEPS(n, CTR_STEP_W);
  } else {
#define CTR_STEP_N(nb, sets) ctr_step(rk, c, in, out, nb, sets, 0, &kk)
    ALL_STEPS(n, CTR_STEP_N);
  }
  for (int w = 0; w < 4; w++) sm4_store_be32(ctr + 4 * w, end[w]);
}

/* ---------------------------------------------------------------- GCM */

/* 128 blocks of GCM: the CTR rounds of this step with, between each group of four rounds, 16
 * blocks of GHASH of `hash` (the previous step's ciphertext when sealing, this step's input
 * when opening), so VPCLMULQDQ works beside the GFNI pipes instead of after them. */
T512 void gcm_step(const uint32_t *rk, uint32_t c[4], const uint8_t *in, uint8_t *out, const uint8_t *hash, __m512i *y,
                   const sm4_ghash_key *gk, const k512 *k) {
  __m512i x[32], ks[32];
  for (int s = 0; s < 8; s++) {
    ctr_state(x + 4 * s, c, 0, k);
    ctr_add(c, 16, 0);
  }
  for (int i = 0; i < 32; i += 4) {
    rounds512_4(x, 8, rk, i, k);
    if (hash) *y = ghash16(*y, hash + 64 * i, gk);
  }
  for (int s = 0; s < 8; s++) from_state(ks + 4 * s, x + 4 * s, k);
  for (int j = 0; j < 32; j++)
    _mm512_storeu_si512((void *)(out + 64 * j), _mm512_xor_si512(_mm512_loadu_si512((const void *)(in + 64 * j)), ks[j]));
}

F512 void x_gcm(const uint32_t *rk, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t n, int open,
                const sm4_ghash_key *gk, uint8_t yb[16]) {
  const k512 kk = consts512();
  uint32_t c[4] = {sm4_load_be32(ctr), sm4_load_be32(ctr + 4), sm4_load_be32(ctr + 8), sm4_load_be32(ctr + 12)};
  __m512i y = load_y(yb);
  const uint8_t *pending = NULL; /* sealed but not yet hashed (128 blocks) */
  for (; n >= 128; n -= 128, in += 2048, out += 2048) {
    gcm_step(rk, c, in, out, open ? in : pending, &y, gk, &kk);
    pending = open ? NULL : out;
  }
  if (pending)
    for (int g = 0; g < 8; g++) y = ghash16(y, pending + 256 * g, gk);
  for (int w = 0; w < 4; w++) sm4_store_be32(ctr + 4 * w, c[w]);
  store_y(yb, y);
  if (n) { /* fewer than 128 blocks: one after the other */
    if (open) sm4_ghash_vpclmul(gk, yb, in, n);
    x_ctr(rk, ctr, in, out, n, 0);
    if (!open) sm4_ghash_vpclmul(gk, yb, out, n);
  }
}

/* ---------------------------------------------------------------- CBC and CFB decryption */

/* cbc: P_i = D(C_i) ^ C_{i-1}; cfb: P_i = C_i ^ E(C_{i-1}). Each block's predecessor comes
 * from the loaded registers by valignd; `last` holds the previous block in its top lane. */
T512 void chain_step(const uint32_t *rk, __m512i *last, const uint8_t *in, uint8_t *out, size_t nb, int sets, int cbc,
                     const k512 *k) {
  __m512i raw[4 * MAXSETS], prev[4 * MAXSETS], x[4 * MAXSETS];
  load_regs(raw, in, nb, 4 * sets);
  for (int j = 0; j < 4 * sets; j++) prev[j] = _mm512_alignr_epi32(raw[j], j ? raw[j - 1] : *last, 12);
  if (nb == 16u * (size_t)sets) *last = raw[4 * sets - 1];
  else *last = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(in + 16 * (nb - 1))));
  for (int s = 0; s < sets; s++) to_state(x + 4 * s, (cbc ? raw : prev) + 4 * s, k);
  rounds512(x, sets, rk, k);
  for (int s = 0; s < sets; s++) from_state(x + 4 * s, x + 4 * s, k);
  for (int j = 0; j < 4 * sets; j++) x[j] = _mm512_xor_si512(x[j], cbc ? prev[j] : raw[j]);
  store_regs(out, x, nb, 4 * sets);
}

T512 void chain_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n, int cbc) {
  const k512 kk = consts512();
  __m512i last = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)iv));
#define CHAIN_STEP(nb, sets) chain_step(rk, &last, in, out, nb, sets, cbc, &kk)
  ALL_STEPS(n, CHAIN_STEP);
  _mm_storeu_si128((__m128i *)iv, _mm512_extracti32x4_epi32(last, 3));
}

/* One block: the serial routine's latency is a third of a 16-lane set's. */
static void one_block(const uint32_t *rk, const uint8_t *x, const uint8_t *mask, uint8_t *out, const uint8_t *post) {
  uint8_t b[16];
  for (int i = 0; i < 16; i++) b[i] = (uint8_t)(x[i] ^ (mask ? mask[i] : 0));
  sm4_x512_ecb_small(rk, b, b, 1);
  for (int i = 0; i < 16; i++) out[i] = (uint8_t)(b[i] ^ post[i]);
  sm4_wipe(b, sizeof b);
}

F512 void x_cbc_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  if (n == 1) {
    uint8_t c[16];
    memcpy(c, in, 16);
    one_block(rk, c, NULL, out, iv); /* P = D(C) ^ IV */
    memcpy(iv, c, 16);
    return;
  }
  chain_dec(rk, iv, in, out, n, 1);
}
F512 void x_cfb_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  if (n == 1) {
    uint8_t c[16];
    memcpy(c, in, 16);
    one_block(rk, iv, NULL, out, c); /* P = E(IV) ^ C */
    memcpy(iv, c, 16);
    return;
  }
  chain_dec(rk, iv, in, out, n, 0);
}

/* ---------------------------------------------------------------- XTS */

/* Each 128-bit lane times α^16. IEEE 1619: a little-endian integer shifted left 16 bits, the
 * 16 bits shifted out folded back as h·(x^7 + x^2 + x + 1). GB/T 17964 multiplies in GCM bit
 * order, which is the same after reversing the bits of every byte (`rev`, a GFNI matrix). */
T512 __m512i xts_step16(__m512i t, int ieee, __m512i rev) {
  if (!ieee) t = _mm512_gf2p8affine_epi64_epi8(t, rev, 0);
  __m512i h = _mm512_bsrli_epi128(t, 14);
  __m512i f = _mm512_ternarylogic_epi64(h, _mm512_slli_epi64(h, 1), _mm512_slli_epi64(h, 2), 0x96);
  f = _mm512_ternarylogic_epi64(f, _mm512_slli_epi64(h, 7), _mm512_bslli_epi128(t, 2), 0x96);
  if (!ieee) f = _mm512_gf2p8affine_epi64_epi8(f, rev, 0);
  return f;
}

/* tw[0..3] are the tweaks of the first set; on return, those of the set after the last. For
 * a partial last set, the tweak following block nb goes to `next` (it is inside that set). */
T512 void xts_step(const uint32_t *rk, __m512i *tw, const uint8_t *in, uint8_t *out, size_t nb, int sets, int ieee,
                   __m512i rev, const k512 *k, uint8_t next[16]) {
  __m512i raw[4 * MAXSETS], x[4 * MAXSETS], t[4 * MAXSETS];
  for (int s = 0; s < sets; s++) {
    for (int j = 0; j < 4; j++) {
      t[4 * s + j] = tw[j];
      tw[j] = xts_step16(tw[j], ieee, rev);
    }
  }
  if (nb != 16u * (size_t)sets) {
    uint8_t lanes[64];
    _mm512_storeu_si512((void *)lanes, t[nb / 4]);
    memcpy(next, lanes + 16 * (nb % 4), 16);
    sm4_wipe(lanes, sizeof lanes);
  }
  load_regs(raw, in, nb, 4 * sets);
  for (int j = 0; j < 4 * sets; j++) raw[j] = _mm512_xor_si512(raw[j], t[j]);
  for (int s = 0; s < sets; s++) to_state(x + 4 * s, raw + 4 * s, k);
  rounds512(x, sets, rk, k);
  for (int s = 0; s < sets; s++) from_state(raw + 4 * s, x + 4 * s, k);
  for (int j = 0; j < 4 * sets; j++) raw[j] = _mm512_xor_si512(raw[j], t[j]);
  store_regs(out, raw, nb, 4 * sets);
}

F512 void x_xts(const uint32_t *rk, uint8_t tweak[16], const uint8_t *in, uint8_t *out, size_t n, int ieee) {
  const k512 kk = consts512();
  const __m512i rev = _mm512_set1_epi64((long long)sm4_c.bitrev);
  __m512i tw[4];
  uint8_t tb[16 * 16];
  if (n == 0) return;
  if (n == 1) { /* ciphertext stealing calls come one block at a time */
    one_block(rk, in, tweak, out, tweak);
    sm4_xts_mul_alpha(tweak, ieee);
    return;
  }
  /* the first 16 tweaks one by one, then whole sets at a time */
  for (int i = 0; i < 16; i++) {
    memcpy(tb + 16 * i, tweak, 16);
    sm4_xts_mul_alpha(tweak, ieee);
  }
  for (int j = 0; j < 4; j++) tw[j] = _mm512_loadu_si512((const void *)(tb + 64 * j));
  const int partial = n % 16 != 0;
#define XTS_STEP(nb, sets) xts_step(rk, tw, in, out, nb, sets, ieee, rev, &kk, tweak)
  ALL_STEPS(n, XTS_STEP);
  if (!partial) _mm_storeu_si128((__m128i *)tweak, _mm512_castsi512_si128(tw[0]));
  sm4_wipe(tb, sizeof tb);
}

const sm4_impl sm4_impl_avx512_gfni = {
    .name = "avx512-gfni",
    .expand = sm4_x512_expand,
    .ecb = x_ecb,
    .ctr = x_ctr,
    .cbc_dec = x_cbc_dec,
    .cfb_dec = x_cfb_dec,
    .xts = x_xts,
    .cbc_enc = sm4_x512_cbc_enc,
    .cfb_enc = sm4_x512_cfb_enc,
    .ofb = sm4_x512_ofb,
    .cbc_mac = sm4_x512_cbc_mac,
    .ghash_init = sm4_ghash_vpclmul_init,
    .ghash = sm4_ghash_vpclmul,
    .gcm = x_gcm,
};

#endif
