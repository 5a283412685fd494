/* SM4-GCM (NIST SP 800-38D) and SM4-CCM (NIST SP 800-38C) over the selected path, with the
 * parameters and checks of src/algorithms/sm4/modes/gcm.ts and ccm.ts (which cite RFC 8998).
 *
 * GCM runs CTR and GHASH chunk by chunk so each chunk is hashed while it is still in L1.
 * Open decrypts while hashing and wipes the plaintext if the tag does not match: nothing is
 * released on failure, as with the TypeScript module (which checks the tag first).
 */
#include <string.h>

#include "secure.h"
#include "sm4_internal.h"

#define GCM_CHUNK 64 /* blocks per CTR/GHASH step (1 KiB) */
#define GCM_EARLY 14 /* messages up to this many blocks: one pass for H, E(J0), keystream */

static void put_be64(uint8_t *p, uint64_t v) {
  sm4_store_be32(p, (uint32_t)(v >> 32));
  sm4_store_be32(p + 4, (uint32_t)v);
}

/* Absorbs data zero-padded to whole blocks. */
static void ghash_padded(const sm4_impl *im, const sm4_ghash_key *gk, uint8_t y[16], const uint8_t *p, size_t len) {
  size_t n = len / 16, rest = len % 16;
  if (n) im->ghash(gk, y, p, n);
  if (rest) {
    uint8_t b[16] = {0};
    memcpy(b, p + 16 * n, rest);
    im->ghash(gk, y, b, 1);
    sm4_wipe(b, sizeof b);
  }
}

static void ghash_lengths(const sm4_impl *im, const sm4_ghash_key *gk, uint8_t y[16], uint64_t a, uint64_t c) {
  uint8_t b[16];
  put_be64(b, a * 8);
  put_be64(b + 8, c * 8);
  im->ghash(gk, y, b, 1);
}

static size_t blocks_of(size_t len) { return len / 16 + (len % 16 != 0); }

int sm4_gcm(int open, const uint8_t key[16], const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
            const uint8_t *in, size_t len, uint8_t *out, size_t taglen) {
  if (nonce_len == 0 || taglen < 12 || taglen > 16) return SM4_ERR_ARG;
  const sm4_impl *im = sm4_impl_current();
  uint32_t rk[SM4_RK_WORDS];
  uint8_t h[16] = {0}, j0[16], ctr[16], y[16] = {0}, ks[16], tag[16];
  sm4_ghash_key gk;
  im->expand(key, rk, 0);
  /* Short messages with a 96-bit nonce: H = E(0), E(J0) and the keystream in one parallel
   * pass instead of three dependent block latencies. */
  uint8_t early[GCM_EARLY + 2][16];
  size_t early_n = 0;
  int early_used = 0;
  if (nonce_len == 12 && len <= 16 * GCM_EARLY) {
    memset(early[0], 0, 16);
    memcpy(early[1], nonce, 12);
    sm4_store_be32(early[1] + 12, 1);
    early_n = blocks_of(len);
    early_used = 1;
    for (size_t i = 0; i < early_n; i++) {
      memcpy(early[2 + i], nonce, 12);
      sm4_store_be32(early[2 + i] + 12, (uint32_t)(2 + i));
    }
    im->ecb(rk, early[0], early[0], 2 + early_n);
    memcpy(h, early[0], 16);
  } else {
    im->ecb(rk, h, h, 1); /* H = E(K, 0^128) */
  }
  size_t most = blocks_of(len);
  if (blocks_of(aad_len) > most) most = blocks_of(aad_len);
  if (nonce_len != 12 && blocks_of(nonce_len) > most) most = blocks_of(nonce_len);
  im->ghash_init(&gk, h, most > 16 ? 16 : most);
  /* J0 (§7.1 step 2) */
  if (nonce_len == 12) {
    memcpy(j0, nonce, 12);
    j0[12] = j0[13] = j0[14] = 0;
    j0[15] = 1;
  } else {
    memset(j0, 0, 16);
    ghash_padded(im, &gk, j0, nonce, nonce_len);
    ghash_lengths(im, &gk, j0, 0, nonce_len);
  }
  ghash_padded(im, &gk, y, aad, aad_len);
  /* GCTR from inc32(J0) (§6.5): the low 32 bits wrap without carry. */
  memcpy(ctr, j0, 16);
  sm4_store_be32(ctr + 12, sm4_load_be32(j0 + 12) + 1);
  const size_t whole = len / 16, rest = len % 16;
  if (early_used) {
    /* the keystream is ready: hash the ciphertext (input when opening), XOR */
    if (open) ghash_padded(im, &gk, y, in, len);
    for (size_t i = 0; i < len; i++) out[i] = (uint8_t)(in[i] ^ early[2 + i / 16][i % 16]);
    if (!open) ghash_padded(im, &gk, y, out, len);
  }
  if (!early_used && im->gcm != NULL && whole >= 16) {
    im->gcm(rk, ctr, in, out, whole, open, &gk, y); /* fused CTR + GHASH */
  } else {
    for (size_t done = early_used ? whole : 0; done < whole;) {
      size_t n = whole - done < GCM_CHUNK ? whole - done : GCM_CHUNK;
      const uint8_t *src = in + 16 * done;
      uint8_t *dst = out + 16 * done;
      if (open) {
        im->ghash(&gk, y, src, n);
        im->ctr(rk, ctr, src, dst, n, 0);
      } else {
        im->ctr(rk, ctr, src, dst, n, 0);
        im->ghash(&gk, y, dst, n);
      }
      done += n;
    }
  }
  if (rest && !early_used) {
    uint8_t c[16] = {0};
    memset(ks, 0, 16);
    im->ctr(rk, ctr, ks, ks, 1, 0);
    if (open) memcpy(c, in + 16 * whole, rest);
    for (size_t i = 0; i < rest; i++) out[16 * whole + i] = (uint8_t)(in[16 * whole + i] ^ ks[i]);
    if (!open) memcpy(c, out + 16 * whole, rest);
    im->ghash(&gk, y, c, 1);
    sm4_wipe(c, sizeof c);
  }
  ghash_lengths(im, &gk, y, aad_len, len);
  if (early_used) memcpy(tag, early[1], 16);
  else im->ecb(rk, j0, tag, 1);
  for (int i = 0; i < 16; i++) tag[i] ^= y[i];
  int result = 0;
  if (open) {
    int ok = mima_ct_equal(tag, in + len, taglen);
    SM4_DECLASSIFY(&ok, sizeof ok); /* the verdict is the API's answer */
    if (!ok) {
      sm4_wipe(out, len);
      result = SM4_ERR_AUTH;
    }
  } else {
    memcpy(out + len, tag, taglen);
  }
  sm4_wipe(rk, sizeof rk);
  sm4_wipe(h, sizeof h);
  sm4_wipe(j0, sizeof j0);
  sm4_wipe(ctr, sizeof ctr);
  sm4_wipe(y, sizeof y);
  sm4_wipe(ks, sizeof ks);
  sm4_wipe(tag, sizeof tag);
  sm4_wipe(&gk, sizeof gk);
  sm4_wipe(early, sizeof early);
  return result;
}

/* CBC-MAC over data zero-padded to whole blocks. */
static void mac_padded(const sm4_impl *im, const uint32_t *rk, uint8_t mac[16], const uint8_t *p, size_t len) {
  size_t n = len / 16, rest = len % 16;
  if (n) im->cbc_mac(rk, mac, p, n);
  if (rest) {
    uint8_t b[16] = {0};
    memcpy(b, p + 16 * n, rest);
    im->cbc_mac(rk, mac, b, 1);
    sm4_wipe(b, sizeof b);
  }
}

/* XORs the keystream E(ctr), E(ctr+1), ... (inc32) into len bytes. */
static void ccm_ctr(const sm4_impl *im, const uint32_t *rk, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t len) {
  const size_t whole = len / 16, rest = len % 16;
  im->ctr(rk, ctr, in, out, whole, 0);
  if (rest) {
    uint8_t ks[16] = {0};
    im->ctr(rk, ctr, ks, ks, 1, 0);
    for (size_t i = 0; i < rest; i++) out[16 * whole + i] = (uint8_t)(in[16 * whole + i] ^ ks[i]);
    sm4_wipe(ks, sizeof ks);
  }
}

int sm4_ccm(int open, const uint8_t key[16], const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
            const uint8_t *in, size_t len, uint8_t *out, size_t taglen) {
  if (nonce_len < 7 || nonce_len > 13 || taglen < 4 || taglen > 16 || taglen % 2) return SM4_ERR_ARG;
  const size_t q = 15 - nonce_len;
  if (q < 8 && (uint64_t)len >> (8 * q) != 0) return SM4_ERR_ARG;
  const sm4_impl *im = sm4_impl_current();
  uint32_t rk[SM4_RK_WORDS];
  uint8_t b[16], mac[16] = {0}, ctr[16], ks[16];
  im->expand(key, rk, 0);
  /* A_i = (q-1) ‖ N ‖ [i]_q (§A.3); the payload uses A_1, A_2, ... (inc32, as ccm.ts). */
  uint8_t a0[16];
  memset(a0, 0, 16);
  a0[0] = (uint8_t)(q - 1);
  memcpy(a0 + 1, nonce, nonce_len);
  memcpy(ctr, a0, 16);
  sm4_store_be32(ctr + 12, sm4_load_be32(ctr + 12) + 1);
  /* Opening decrypts first (the MAC covers the plaintext); sealing MACs first. */
  if (open) ccm_ctr(im, rk, ctr, in, out, len);
  /* B0 = flags ‖ N ‖ Q (§A.2.1): flags = Adata·64 + ((t-2)/2)·8 + (q-1). */
  b[0] = (uint8_t)((aad_len > 0 ? 0x40 : 0) | (((taglen - 2) / 2) << 3) | (q - 1));
  memcpy(b + 1, nonce, nonce_len);
  uint64_t l = len;
  for (size_t i = 0; i < q; i++, l >>= 8) b[15 - i] = (uint8_t)l;
  im->cbc_mac(rk, mac, b, 1);
  if (aad_len > 0) {
    /* the length encoding of §A.2.2, then as much AAD as fits in the first block */
    size_t p;
    memset(b, 0, 16);
    if (aad_len < 0xff00) {
      b[0] = (uint8_t)(aad_len >> 8);
      b[1] = (uint8_t)aad_len;
      p = 2;
    } else if ((uint64_t)aad_len <= 0xffffffffu) {
      b[0] = 0xff;
      b[1] = 0xfe;
      sm4_store_be32(b + 2, (uint32_t)aad_len);
      p = 6;
    } else {
      b[0] = 0xff;
      b[1] = 0xff;
      put_be64(b + 2, (uint64_t)aad_len);
      p = 10;
    }
    size_t first = aad_len < 16 - p ? aad_len : 16 - p;
    memcpy(b + p, aad, first);
    im->cbc_mac(rk, mac, b, 1);
    mac_padded(im, rk, mac, aad + first, aad_len - first);
  }
  mac_padded(im, rk, mac, open ? out : in, len);
  if (!open) ccm_ctr(im, rk, ctr, in, out, len);
  im->ecb(rk, a0, ks, 1); /* S0 = E(A0) */
  for (int i = 0; i < 16; i++) mac[i] ^= ks[i];
  int result = 0;
  if (open) {
    int ok = mima_ct_equal(mac, in + len, taglen);
    SM4_DECLASSIFY(&ok, sizeof ok); /* the verdict is the API's answer */
    if (!ok) {
      sm4_wipe(out, len);
      result = SM4_ERR_AUTH;
    }
  } else {
    memcpy(out + len, mac, taglen);
  }
  sm4_wipe(rk, sizeof rk);
  sm4_wipe(b, sizeof b);
  sm4_wipe(mac, sizeof mac);
  sm4_wipe(ctr, sizeof ctr);
  sm4_wipe(ks, sizeof ks);
  sm4_wipe(a0, sizeof a0);
  return result;
}
