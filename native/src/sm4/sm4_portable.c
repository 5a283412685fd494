/* SM4, portable C path: the key schedule (§7.3) and the round function (§7.1) with four
 * 1 KiB T-tables that fold the S-box and L into one lookup per byte.
 *
 * Portable path: secret-indexed table lookups (the S-box in the key schedule, T0..T3 in the
 * rounds), so this path is not constant-time on a machine whose cache an attacker can observe.
 * The fast paths (AES-NI, GFNI) use no secret-indexed memory access.
 */
#include "sm4_internal.h"

#include <string.h>

#include "secure.h"

static const uint32_t FK[4] = {0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc}; /* §7.3.1 */

static inline uint32_t tau(uint32_t a) {
  const uint8_t *s = sm4_c.sbox;
  return ((uint32_t)s[a >> 24] << 24) | ((uint32_t)s[(a >> 16) & 255] << 16) | ((uint32_t)s[(a >> 8) & 255] << 8) |
         (uint32_t)s[a & 255];
}

/* rk_i = K_{i+4} = K_i ^ L'(τ(K_{i+1} ^ K_{i+2} ^ K_{i+3} ^ CK_i)), L'(B) = B ^ B<<<13 ^ B<<<23. */
void sm4_portable_expand_plain(const uint8_t key[16], uint32_t rk[32]) {
  uint32_t k0 = sm4_load_be32(key) ^ FK[0], k1 = sm4_load_be32(key + 4) ^ FK[1];
  uint32_t k2 = sm4_load_be32(key + 8) ^ FK[2], k3 = sm4_load_be32(key + 12) ^ FK[3];
  for (int i = 0; i < 32; i++) {
    uint32_t b = tau(k1 ^ k2 ^ k3 ^ sm4_c.ck[i]);
    uint32_t k4 = k0 ^ b ^ sm4_rotl(b, 13) ^ sm4_rotl(b, 23);
    rk[i] = k4;
    k0 = k1;
    k1 = k2;
    k2 = k3;
    k3 = k4;
  }
}

static void p_expand(const uint8_t key[16], uint32_t rk[SM4_RK_WORDS], int dec) {
  uint32_t plain[32];
  sm4_portable_expand_plain(key, plain);
  for (int i = 0; i < 32; i++) rk[i] = plain[dec ? 31 - i : i];
  sm4_wipe(plain, sizeof plain);
}

#define TT(v) (t[0][(v) >> 24] ^ t[1][((v) >> 16) & 255] ^ t[2][((v) >> 8) & 255] ^ t[3][(v)&255])

/* One block, in[16] -> out[16] (may alias). */
static inline void block(const uint32_t *rk, const uint8_t *in, uint8_t *out) {
  const uint32_t(*t)[256] = (const uint32_t(*)[256])sm4_c.t;
  uint32_t x0 = sm4_load_be32(in), x1 = sm4_load_be32(in + 4), x2 = sm4_load_be32(in + 8), x3 = sm4_load_be32(in + 12);
  uint32_t v;
  for (int i = 0; i < 32; i += 4) {
    v = x1 ^ x2 ^ x3 ^ rk[i];
    x0 ^= TT(v);
    v = x2 ^ x3 ^ x0 ^ rk[i + 1];
    x1 ^= TT(v);
    v = x3 ^ x0 ^ x1 ^ rk[i + 2];
    x2 ^= TT(v);
    v = x0 ^ x1 ^ x2 ^ rk[i + 3];
    x3 ^= TT(v);
  }
  sm4_store_be32(out, x3);
  sm4_store_be32(out + 4, x2);
  sm4_store_be32(out + 8, x1);
  sm4_store_be32(out + 12, x0);
}

static inline void xor16(uint8_t *d, const uint8_t *a, const uint8_t *b) {
  for (int i = 0; i < 16; i++) d[i] = (uint8_t)(a[i] ^ b[i]);
}

static void p_ecb(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) block(rk, in + 16 * i, out + 16 * i);
}

static void p_ctr(const uint32_t *rk, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t n, int wide) {
  uint8_t ks[16];
  for (size_t i = 0; i < n; i++) {
    block(rk, ctr, ks);
    sm4_ctr_inc(ctr, wide);
    xor16(out + 16 * i, in + 16 * i, ks);
  }
  sm4_wipe(ks, sizeof ks);
}

static void p_cbc_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  uint8_t c[16], p[16];
  for (size_t i = 0; i < n; i++) {
    memcpy(c, in + 16 * i, 16);
    block(rk, c, p);
    xor16(out + 16 * i, p, iv);
    memcpy(iv, c, 16);
  }
  sm4_wipe(p, sizeof p);
}

static void p_cfb_dec(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  uint8_t ks[16];
  for (size_t i = 0; i < n; i++) {
    block(rk, iv, ks);
    memcpy(iv, in + 16 * i, 16);
    xor16(out + 16 * i, iv, ks);
  }
  sm4_wipe(ks, sizeof ks);
}

static void p_cfb_enc(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    block(rk, iv, iv);
    xor16(iv, iv, in + 16 * i);
    memcpy(out + 16 * i, iv, 16);
  }
}

static void p_cbc_enc(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    xor16(iv, iv, in + 16 * i);
    block(rk, iv, iv);
    memcpy(out + 16 * i, iv, 16);
  }
}

static void p_ofb(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    block(rk, iv, iv);
    xor16(out + 16 * i, in + 16 * i, iv);
  }
}

static void p_cbc_mac(const uint32_t *rk, uint8_t st[16], const uint8_t *in, size_t n) {
  for (size_t i = 0; i < n; i++) {
    xor16(st, st, in + 16 * i);
    block(rk, st, st);
  }
}

static void p_xts(const uint32_t *rk, uint8_t tweak[16], const uint8_t *in, uint8_t *out, size_t n, int ieee) {
  uint8_t b[16];
  for (size_t i = 0; i < n; i++) {
    xor16(b, in + 16 * i, tweak);
    block(rk, b, b);
    xor16(out + 16 * i, b, tweak);
    sm4_xts_mul_alpha(tweak, ieee);
  }
  sm4_wipe(b, sizeof b);
}

const sm4_impl sm4_impl_portable = {
    .name = "portable",
    .expand = p_expand,
    .ecb = p_ecb,
    .ctr = p_ctr,
    .cbc_dec = p_cbc_dec,
    .cfb_dec = p_cfb_dec,
    .xts = p_xts,
    .cbc_enc = p_cbc_enc,
    .cfb_enc = p_cfb_enc,
    .ofb = p_ofb,
    .cbc_mac = p_cbc_mac,
    .ghash_init = sm4_ghash_portable_init,
    .ghash = sm4_ghash_portable,
};
