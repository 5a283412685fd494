/* SM4 constants (GM/T 0002-2012 §6, §7.3) and everything derived from them once at load.
 *
 * The round of the fast paths. SM4's round is X4 = X0 ^ L(S(X1 ^ X2 ^ X3 ^ rk)) with
 * L(B) = B ^ B<<<2 ^ B<<<10 ^ B<<<18 ^ B<<<24 (§6.2). The fast paths hold every state byte x
 * as A1·x (the "A1 domain"), so the S-box input t' = A1·t ^ C1 comes from XORing states and a
 * prepared key, and the whole round becomes, per 32-bit word,
 *     A1·L(S) = G0 ^ (G8 <<< 8) ^ (G8 <<< 16) ^ (G24 <<< 24),   G_k = M_k·inv(t')
 * because:
 *   - L(S) = S ^ S<<<24 ^ (Y <<< 2) with Y = S ^ S<<<8 ^ S<<<16;
 *   - a rotation by 2 of a word is, byte by byte, (b << 2) ^ (previous byte >> 6): the bytewise
 *     linear maps SHL2 and SHR6 applied to Y and to Y<<<8;
 *   - bytewise linear maps (A1, SHL2, SHR6) commute with rotations by whole bytes;
 * so collecting the terms by rotation amount gives M0 = A1(I ^ SHL2)A2, M8 = A1(SHL2 ^ SHR6)A2
 * (for both the 8- and 16-bit rotations) and M24 = A1(I ^ SHR6)A2: three GFNI
 * vgf2p8affineinvqb, three byte rotations and XORs per round, no table.
 *
 * The affine constants (C2 through M_k) add one fixed byte K = M0·C2 ^ M24·C2 to every word
 * of the new state each round (the two M8 terms cancel); the G_k are computed without it and
 * the difference δ_j of state j (K when ⌊j/4⌋ is odd, else 0) is folded into the prepared
 * keys. δ is 0 for j = 0..3 and 32..35, so input and output need no correction.
 *
 * The AES-NI path computes the same G_k from aesenclast's SubBytes output
 * sb = Aaes·inv(t') ^ 0x63 through nibble tables (pshufb, in-register).
 *
 * The key schedule (§7.3) runs in the same domain: with L'(B) = B ^ B<<<13 ^ B<<<23 and
 * B<<<13 = (SHL5·B)<<<8 ^ (SHR3·B)<<<16, B<<<23 = (SHL7·B)<<<16 ^ (SHR1·B)<<<24,
 *     A1·L'(S) = H0 ^ H8<<<8 ^ H16<<<16 ^ H24<<<24,  H_r = KS_r·inv(t'),
 * with KS0 = A1·A2, KS8 = A1·SHL5·A2, KS16 = A1(SHR3 ^ SHL7)A2, KS24 = A1·SHR1·A2; its
 * constant κ per round and CK_i go into public per-round constants (ckd, fix_enc, fix_dec),
 * so the domain key words K̃_{j+4} become the prepared round keys by one XOR.
 *
 * The portable T-tables are secret-indexed (not constant-time); they are used by the portable
 * path only.
 */
#include "sm4_internal.h"

#include <string.h>

sm4_consts_t sm4_c;

/* GM/T 0002-2012 §6.2 Table 1, row-major. */
static const uint8_t SBOX[256] = {
  0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c, 0x05,
  0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26, 0x49, 0x86, 0x06, 0x99,
  0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed, 0xcf, 0xac, 0x62,
  0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa, 0x75, 0x8f, 0x3f, 0xa6,
  0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba, 0x83, 0x59, 0x3c, 0x19, 0xe6, 0x85, 0x4f, 0xa8,
  0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb, 0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35,
  0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25, 0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87,
  0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52, 0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e,
  0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38, 0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1,
  0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34, 0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3,
  0x1d, 0xf6, 0xe2, 0x2e, 0x82, 0x66, 0xca, 0x60, 0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f,
  0xd5, 0xdb, 0x37, 0x45, 0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51,
  0x8d, 0x1b, 0xaf, 0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8,
  0x0a, 0xc1, 0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd, 0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0,
  0x89, 0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
  0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39, 0x48,
};

static int parity8(uint8_t x) {
  x ^= x >> 4;
  x ^= x >> 2;
  x ^= x >> 1;
  return x & 1;
}

uint8_t sm4_mat_apply(uint64_t m, uint8_t x) {
  uint8_t r = 0;
  for (int i = 0; i < 8; i++) r |= (uint8_t)(parity8((uint8_t)(m >> (8 * (7 - i))) & x) << i);
  return r;
}

/* The matrix of a linear byte map given by its images of the 8 unit vectors. */
static uint64_t mat_from_cols(const uint8_t col[8]) {
  uint64_t m = 0;
  for (int i = 0; i < 8; i++) {
    uint8_t row = 0;
    for (int j = 0; j < 8; j++) row |= (uint8_t)(((col[j] >> i) & 1) << j);
    m |= (uint64_t)row << (8 * (7 - i));
  }
  return m;
}

static uint64_t mat_mul(uint64_t a, uint64_t b) {
  uint8_t col[8];
  for (int j = 0; j < 8; j++) col[j] = sm4_mat_apply(a, sm4_mat_apply(b, (uint8_t)(1u << j)));
  return mat_from_cols(col);
}

static uint64_t mat_xor(uint64_t a, uint64_t b) { return a ^ b; } /* (A ^ B)·x = A·x ^ B·x */

typedef uint8_t (*byte_fn)(uint8_t);
static uint64_t mat_of(byte_fn f) {
  uint8_t col[8];
  for (int j = 0; j < 8; j++) col[j] = f((uint8_t)(1u << j));
  return mat_from_cols(col);
}
static uint8_t f_id(uint8_t x) { return x; }
static uint8_t f_shl2(uint8_t x) { return (uint8_t)(x << 2); }
static uint8_t f_shr6(uint8_t x) { return (uint8_t)(x >> 6); }
static uint8_t f_shl5(uint8_t x) { return (uint8_t)(x << 5); }
static uint8_t f_shr3(uint8_t x) { return (uint8_t)(x >> 3); }
static uint8_t f_shl7(uint8_t x) { return (uint8_t)(x << 7); }
static uint8_t f_shr1(uint8_t x) { return (uint8_t)(x >> 1); }
static uint8_t f_rev(uint8_t x) {
  uint8_t r = 0;
  for (int i = 0; i < 8; i++) r |= (uint8_t)(((x >> i) & 1) << (7 - i));
  return r;
}
static uint8_t rotl8(uint8_t x, int n) { return (uint8_t)((x << n) | (x >> (8 - n))); }
/* The linear part of the AES S-box's affine map (FIPS 197 §5.1.1). */
static uint8_t f_aes_affine(uint8_t x) { return x ^ rotl8(x, 1) ^ rotl8(x, 2) ^ rotl8(x, 3) ^ rotl8(x, 4); }

static uint64_t mat_inv(uint64_t m, int *ok) {
  uint8_t back[256];
  int seen[256] = {0};
  for (int x = 0; x < 256; x++) {
    uint8_t y = sm4_mat_apply(m, (uint8_t)x);
    if (seen[y]) *ok = 0;
    seen[y] = 1;
    back[y] = (uint8_t)x;
  }
  uint8_t col[8];
  for (int j = 0; j < 8; j++) col[j] = back[1u << j];
  return mat_from_cols(col);
}

/* Multiplication and inversion in the AES field, for checking the constants (public data). */
static uint8_t gf_mul(uint8_t a, uint8_t b) {
  uint8_t r = 0;
  while (b) {
    if (b & 1) r ^= a;
    b >>= 1;
    a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
  }
  return r;
}
static uint8_t gf_inv(uint8_t a) {
  uint8_t r = 1; /* a^254 */
  for (int i = 0; i < 7; i++) {
    a = gf_mul(a, a);
    r = gf_mul(r, a);
  }
  return r;
}

/* Nibble tables of the affine map x -> M·x ^ c (the constant goes into the high table). */
static void nibbles(uint64_t m, uint8_t c, uint8_t lo[16], uint8_t hi[16]) {
  for (int n = 0; n < 16; n++) {
    lo[n] = sm4_mat_apply(m, (uint8_t)n);
    hi[n] = (uint8_t)(sm4_mat_apply(m, (uint8_t)(n << 4)) ^ c);
  }
}

static uint32_t linear_l(uint32_t b) {
  return b ^ sm4_rotl(b, 2) ^ sm4_rotl(b, 10) ^ sm4_rotl(b, 18) ^ sm4_rotl(b, 24);
}

/* Bytewise maps on a word (public data: constants and the self-check). */
static uint32_t map_word(uint64_t m, uint32_t w) {
  uint32_t r = 0;
  for (int b = 0; b < 4; b++) r |= (uint32_t)sm4_mat_apply(m, (uint8_t)(w >> (8 * b))) << (8 * b);
  return r;
}
static uint32_t inv_map_word(uint64_t m, uint32_t w) {
  uint32_t r = 0;
  for (int b = 0; b < 4; b++) r |= (uint32_t)sm4_mat_apply(m, gf_inv((uint8_t)(w >> (8 * b)))) << (8 * b);
  return r;
}
static uint32_t bcast(uint8_t b) { return (uint32_t)b * 0x01010101u; }
/* δ_s of the cipher state and ε_s of the key-schedule state (see above). */
static uint32_t delta_of(int s) { return ((s >> 2) & 1) ? bcast(sm4_c.k) : 0; }

static const uint32_t FK_[4] = {0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc};

static int ks_init(sm4_consts_t *c, uint64_t aes_inv) {
  const uint64_t a1 = SM4_GFNI_A1, a2 = SM4_GFNI_A2;
  const uint64_t p0 = a1, p8 = mat_mul(a1, mat_of(f_shl5));
  const uint64_t p16 = mat_mul(a1, mat_xor(mat_of(f_shr3), mat_of(f_shl7))), p24 = mat_mul(a1, mat_of(f_shr1));
  c->ks0 = mat_mul(p0, a2);
  c->ks8 = mat_mul(p8, a2);
  c->ks16 = mat_mul(p16, a2);
  c->ks24 = mat_mul(p24, a2);
  const uint8_t kappa = (uint8_t)(sm4_mat_apply(p0, SM4_GFNI_C2) ^ sm4_mat_apply(p8, SM4_GFNI_C2) ^
                                  sm4_mat_apply(p16, SM4_GFNI_C2) ^ sm4_mat_apply(p24, SM4_GFNI_C2));
#define EPS(s) ((((s) >> 2) & 1) ? bcast(kappa) : 0u)
  const uint32_t c1 = bcast(SM4_GFNI_C1);
  for (int i = 0; i < 32; i++) {
    c->ckd[i] = map_word(a1, c->ck[i]) ^ c1 ^ EPS(i + 1) ^ EPS(i + 2) ^ EPS(i + 3);
    for (int r = 0; r < 4; r++) c->ckd4[4 * i + r] = r ? sm4_rotl(c->ckd[i], 8 * r) : c->ckd[i];
    const uint32_t dfold = delta_of(i + 1) ^ delta_of(i + 2) ^ delta_of(i + 3);
    c->fix_enc[i] = EPS(i + 4) ^ c1 ^ dfold;
    c->fix_dec[i] = EPS(35 - i) ^ c1 ^ dfold;
  }
  nibbles(mat_mul(c->ks0, aes_inv), sm4_mat_apply(mat_mul(c->ks0, aes_inv), 0x63), c->ks_n0_lo, c->ks_n0_hi);
  nibbles(mat_mul(c->ks8, aes_inv), sm4_mat_apply(mat_mul(c->ks8, aes_inv), 0x63), c->ks_n8_lo, c->ks_n8_hi);
  nibbles(mat_mul(c->ks16, aes_inv), sm4_mat_apply(mat_mul(c->ks16, aes_inv), 0x63), c->ks_n16_lo, c->ks_n16_hi);
  nibbles(mat_mul(c->ks24, aes_inv), sm4_mat_apply(mat_mul(c->ks24, aes_inv), 0x63), c->ks_n24_lo, c->ks_n24_hi);
  /* Check: the domain schedule, as the fast paths run it, against the plain one for the
   * GM/T 0002 Annex A key, in both orders. */
  static const uint32_t mk[4] = {0x01234567, 0x89abcdef, 0xfedcba98, 0x76543210};
  uint32_t plain[32], dom[36], k[4];
  for (int i = 0; i < 4; i++) k[i] = mk[i] ^ FK_[i];
  for (int i = 0; i < 32; i++) {
    uint32_t t = k[(i + 1) % 4] ^ k[(i + 2) % 4] ^ k[(i + 3) % 4] ^ c->ck[i], b = 0;
    for (int j = 0; j < 4; j++) b |= (uint32_t)c->sbox[(t >> (8 * j)) & 255] << (8 * j);
    k[i % 4] ^= b ^ sm4_rotl(b, 13) ^ sm4_rotl(b, 23);
    plain[i] = k[i % 4];
  }
  for (int i = 0; i < 4; i++) dom[i] = map_word(a1, mk[i] ^ FK_[i]);
  int ok = 1;
  for (int i = 0; i < 32; i++) {
    uint32_t t = dom[i + 1] ^ dom[i + 2] ^ dom[i + 3] ^ c->ckd[i];
    uint32_t f = inv_map_word(c->ks0, t) ^ sm4_rotl(inv_map_word(c->ks8, t), 8) ^ sm4_rotl(inv_map_word(c->ks16, t), 16) ^
                 sm4_rotl(inv_map_word(c->ks24, t), 24);
    dom[i + 4] = dom[i] ^ f;
  }
  for (int j = 0; j < 32; j++) {
    const uint32_t dfold = delta_of(j + 1) ^ delta_of(j + 2) ^ delta_of(j + 3);
    if ((dom[j + 4] ^ c->fix_enc[j]) != (map_word(a1, plain[j]) ^ c1 ^ dfold)) ok = 0;
    if ((dom[35 - j] ^ c->fix_dec[j]) != (map_word(a1, plain[31 - j]) ^ c1 ^ dfold)) ok = 0;
  }
#undef EPS
  return ok;
}

int sm4_consts_init(void) {
  sm4_consts_t *c = &sm4_c;
  int ok = 1;
  memcpy(c->sbox, SBOX, 256);
  for (int a = 0; a < 256; a++) {
    uint32_t s = SBOX[a];
    for (int k = 0; k < 4; k++) c->t[k][a] = linear_l(s << (24 - 8 * k));
  }
  /* CK_i: byte j is (4i + j)·7 mod 256 (§7.3.1). */
  for (int i = 0; i < 32; i++) {
    uint32_t w = 0;
    for (int j = 0; j < 4; j++) w = (w << 8) | (uint32_t)(((4 * i + j) * 7) & 0xff);
    c->ck[i] = w;
  }

  const uint64_t a1 = SM4_GFNI_A1, a2 = SM4_GFNI_A2;
  for (int x = 0; x < 256; x++) {
    uint8_t y = (uint8_t)(sm4_mat_apply(a2, gf_inv((uint8_t)(sm4_mat_apply(a1, (uint8_t)x) ^ SM4_GFNI_C1))) ^ SM4_GFNI_C2);
    if (y != SBOX[x]) ok = 0;
  }
  const uint64_t id = mat_of(f_id), shl2 = mat_of(f_shl2), shr6 = mat_of(f_shr6);
  const uint64_t p0 = mat_mul(a1, mat_xor(id, shl2));   /* A1(I ^ SHL2) */
  const uint64_t p8 = mat_mul(a1, mat_xor(shl2, shr6)); /* A1(SHL2 ^ SHR6) */
  const uint64_t p24 = mat_mul(a1, mat_xor(id, shr6));  /* A1(I ^ SHR6) */
  c->a1 = a1;
  c->a1inv = mat_inv(a1, &ok);
  c->m0 = mat_mul(p0, a2);
  c->m8 = mat_mul(p8, a2);
  c->m24 = mat_mul(p24, a2);
  c->bitrev = mat_of(f_rev);
  c->k = (uint8_t)(sm4_mat_apply(p0, SM4_GFNI_C2) ^ sm4_mat_apply(p24, SM4_GFNI_C2));

  /* AES-NI: inv(t') = Aaes^-1·(sb ^ 0x63), so G_k = N_k·sb ^ N_k·0x63 with N_k = M_k·Aaes^-1. */
  const uint64_t aes_inv = mat_inv(mat_of(f_aes_affine), &ok);
  const uint64_t n0 = mat_mul(c->m0, aes_inv), n8 = mat_mul(c->m8, aes_inv), n24 = mat_mul(c->m24, aes_inv);
  nibbles(a1, 0, c->a1_lo, c->a1_hi);
  nibbles(c->a1inv, 0, c->a1inv_lo, c->a1inv_hi);
  nibbles(n0, sm4_mat_apply(n0, 0x63), c->n0_lo, c->n0_hi);
  nibbles(n8, sm4_mat_apply(n8, 0x63), c->n8_lo, c->n8_hi);
  nibbles(n24, sm4_mat_apply(n24, 0x63), c->n24_lo, c->n24_hi);
  /* Key schedule τ on AES-NI: pre = A1·x ^ C1; post = A2·Aaes^-1·(sb ^ 0x63) ^ C2. */
  const uint64_t post = mat_mul(a2, aes_inv);
  nibbles(a1, SM4_GFNI_C1, c->ks_pre_lo, c->ks_pre_hi);
  nibbles(post, (uint8_t)(sm4_mat_apply(post, 0x63) ^ SM4_GFNI_C2), c->ks_post_lo, c->ks_post_hi);

  /* Check the round identity on every byte value through the AES-field model of both paths:
   * the byte-0 contribution of A1·L(S(t)) equals the G_k sum for a word with one nonzero byte. */
  for (int x = 0; x < 256 && ok; x++) {
    uint8_t t1 = (uint8_t)(sm4_mat_apply(a1, (uint8_t)x) ^ SM4_GFNI_C1);
    uint8_t inv = gf_inv(t1);
    uint32_t want = linear_l(SBOX[x]);
    uint32_t wa = 0;
    for (int b = 0; b < 4; b++) wa |= (uint32_t)sm4_mat_apply(a1, (uint8_t)(want >> (8 * b))) << (8 * b);
    /* S(x) in byte 0 of the word, zero elsewhere: inv(t') = inv(C1) in the other bytes. */
    uint8_t z = gf_inv(SM4_GFNI_C1);
    uint32_t g0 = 0, g8 = 0, g24 = 0;
    for (int b = 0; b < 4; b++) {
      uint8_t v = b == 0 ? inv : z;
      g0 |= (uint32_t)sm4_mat_apply(c->m0, v) << (8 * b);
      g8 |= (uint32_t)sm4_mat_apply(c->m8, v) << (8 * b);
      g24 |= (uint32_t)sm4_mat_apply(c->m24, v) << (8 * b);
    }
    uint32_t got = g0 ^ sm4_rotl(g8, 8) ^ sm4_rotl(g8, 16) ^ sm4_rotl(g24, 24);
    /* The other three bytes carry S(0)'s contribution; the constant K once per word. */
    uint32_t s0 = linear_l((uint32_t)SBOX[0] * 0x01010100u);
    uint32_t ws0 = 0;
    for (int b = 0; b < 4; b++) ws0 |= (uint32_t)sm4_mat_apply(a1, (uint8_t)(s0 >> (8 * b))) << (8 * b);
    uint32_t kk = (uint32_t)c->k * 0x01010101u;
    if ((got ^ kk) != (wa ^ ws0)) ok = 0;
    /* AES-NI tables reproduce the GFNI maps. */
    uint8_t sb = (uint8_t)(sm4_mat_apply(mat_of(f_aes_affine), inv) ^ 0x63);
    if ((uint8_t)(c->n0_lo[sb & 15] ^ c->n0_hi[sb >> 4]) != sm4_mat_apply(c->m0, inv)) ok = 0;
    if ((uint8_t)(c->n8_lo[sb & 15] ^ c->n8_hi[sb >> 4]) != sm4_mat_apply(c->m8, inv)) ok = 0;
    if ((uint8_t)(c->n24_lo[sb & 15] ^ c->n24_hi[sb >> 4]) != sm4_mat_apply(c->m24, inv)) ok = 0;
    uint8_t pre = (uint8_t)(c->ks_pre_lo[x & 15] ^ c->ks_pre_hi[x >> 4]);
    uint8_t sb2 = (uint8_t)(sm4_mat_apply(mat_of(f_aes_affine), gf_inv(pre)) ^ 0x63);
    if ((uint8_t)(c->ks_post_lo[sb2 & 15] ^ c->ks_post_hi[sb2 >> 4]) != SBOX[x]) ok = 0;
  }
  ok &= ks_init(c, aes_inv);
  /* aesenclast leaves SubBytes(x) at ShiftRows positions: out[r + 4c] = S(x[r + 4((c + r) % 4)]),
   * so S(x)[i] sits at fix(i) = r + 4((c - r) % 4) for i = r + 4c (FIPS 197 §5.1.2). */
  for (int i = 0; i < 16; i++) {
    const int d = i >> 2, b = i & 3;
    for (int r = 0; r < 4; r++) {
      const int rot_src = 4 * d + ((b - r) & 3);     /* dword rotation left by 8r */
      const int sig_src = 4 * ((d + r) & 3) + b;     /* lane d takes lane d + r */
      c->rotfix[r][i] = (uint8_t)((rot_src & 3) + 4 * (((rot_src >> 2) - (rot_src & 3)) & 3));
      c->sigfix[r][i] = (uint8_t)((sig_src & 3) + 4 * (((sig_src >> 2) - (sig_src & 3)) & 3));
    }
  }
  return ok ? 0 : -1;
}

