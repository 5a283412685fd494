/* SM4 modes over the selected path: padding, partial blocks, ciphertext stealing, and the
 * glue between the parallel kernels and the serial ones. Semantics are those of the
 * TypeScript modules (src/algorithms/sm4/modes/), which cite GB/T 17964-2021, SP 800-38A/C/D
 * and IEEE 1619; see there for the standards' clauses. */
#include <string.h>

#include "secure.h"
#include "sm4_internal.h"

static inline void xor_bytes(uint8_t *d, const uint8_t *a, const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++) d[i] = (uint8_t)(a[i] ^ b[i]);
}

/* T·α for XTS, constant-time. GB/T 17964: the block as a big-endian integer shifted right,
 * 0xE1 into the top byte when a 1 falls off (GCM bit order). IEEE 1619: a little-endian
 * integer shifted left, 0x87 into byte 0 on carry-out. */
void sm4_xts_mul_alpha(uint8_t t[16], int ieee) {
  if (ieee) {
    uint8_t carry = (uint8_t)(t[15] >> 7);
    for (int i = 15; i > 0; i--) t[i] = (uint8_t)((t[i] << 1) | (t[i - 1] >> 7));
    t[0] = (uint8_t)((t[0] << 1) ^ (0x87 & (0 - carry)));
  } else {
    uint8_t carry = (uint8_t)(t[15] & 1);
    for (int i = 15; i > 0; i--) t[i] = (uint8_t)((t[i] >> 1) | (t[i - 1] << 7));
    t[0] = (uint8_t)((t[0] >> 1) ^ (0xe1 & (0 - carry)));
  }
}

/* Length of the PKCS#7 padding (RFC 5652 §6.3) ending at buf[n-1], or 0 if invalid; reads all
 * 16 candidate bytes whatever goes wrong, like src/algorithms/internal/pkcs7.ts. */
static unsigned pkcs7_len(const uint8_t *buf, size_t n) {
  unsigned p = buf[n - 1];
  unsigned bad = (unsigned)(((int)p - 1) | (16 - (int)p)) >> 31;
  for (unsigned k = 0; k < 16; k++) {
    unsigned in_pad = (unsigned)((int)k - (int)p) >> 31; /* 1 when k < p */
    bad |= (unsigned)(buf[n - 1 - k] ^ p) & (0u - in_pad) & 0xff;
  }
  /* bad is 0 or nonzero: return p when 0, else 0, without a branch on it */
  unsigned ok = ((bad | (0u - bad)) >> 31) ^ 1u;
  return p & (0u - ok);
}

static long xts(const sm4_impl *im, int dec, int ieee, const uint8_t *key, const uint8_t *tweak, const uint8_t *in,
                size_t len, uint8_t *out) {
  uint32_t rk1[SM4_RK_WORDS], rk2[SM4_RK_WORDS];
  uint8_t t[16], tprev[16], last[16];
  if (len < 16) return SM4_ERR_ARG;
  im->expand(key, rk1, dec);
  im->expand(key + 16, rk2, 0);
  im->ecb(rk2, tweak, t, 1); /* T_0 = E(Key2, tweak) */
  size_t full = len / 16, rest = len % 16;
  size_t plain = rest == 0 ? full : full - 1;
  im->xts(rk1, t, in, out, plain, ieee);
  if (rest > 0) {
    size_t o = 16 * plain; /* the last whole block; the partial one follows at o + 16 */
    if (!dec) {
      /* CC = XEX(P_{m-1}, T_{m-1}); C_m = CC[0..rest); C_{m-1} = XEX(P_m ‖ CC[rest..16), T_m) */
      im->xts(rk1, t, in + o, last, 1, ieee);
      uint8_t pm[16];
      memcpy(pm, in + o + 16, rest);
      memcpy(out + o + 16, last, rest);
      memcpy(pm + rest, last + rest, 16 - rest);
      im->xts(rk1, t, pm, out + o, 1, ieee);
      sm4_wipe(pm, sizeof pm);
    } else {
      /* decryption takes the two tweaks in the opposite order (IEEE 1619 §5.4.2) */
      memcpy(tprev, t, 16);
      sm4_xts_mul_alpha(t, ieee);
      im->xts(rk1, t, in + o, last, 1, ieee); /* PP = XEX^-1(C_{m-1}, T_m) */
      uint8_t cm[16];
      memcpy(cm, in + o + 16, rest);
      memcpy(out + o + 16, last, rest);
      memcpy(cm + rest, last + rest, 16 - rest);
      im->xts(rk1, tprev, cm, out + o, 1, ieee);
      sm4_wipe(cm, sizeof cm);
    }
  }
  sm4_wipe(rk1, sizeof rk1);
  sm4_wipe(rk2, sizeof rk2);
  sm4_wipe(t, sizeof t);
  sm4_wipe(tprev, sizeof tprev);
  sm4_wipe(last, sizeof last);
  return (long)len;
}

long sm4_crypt(int mode, int dec, int pkcs7, int ieee, const uint8_t *key, const uint8_t *iv, const uint8_t *in,
               size_t len, uint8_t *out) {
  const sm4_impl *im = sm4_impl_current();
  if (mode == SM4_XTS) return xts(im, dec, ieee, key, iv, in, len, out);
  const int block_mode = mode == SM4_ECB || mode == SM4_CBC;
  if (!block_mode) pkcs7 = 0;
  if (block_mode && (dec || !pkcs7) && len % 16 != 0) return SM4_ERR_ARG;
  if (pkcs7 && dec && len == 0) return SM4_ERR_ARG;
  uint32_t rk[SM4_RK_WORDS];
  uint8_t chain[16], ks[16];
  long result = (long)len;
  const size_t whole = len / 16, rest = len % 16;
  /* CFB, OFB and CTR only ever encrypt with the cipher */
  im->expand(key, rk, block_mode ? dec : 0);
  if (mode != SM4_ECB) memcpy(chain, iv, 16);
  switch (mode) {
    case SM4_ECB:
    case SM4_CBC:
      if (!dec) {
        if (mode == SM4_ECB) im->ecb(rk, in, out, whole);
        else im->cbc_enc(rk, chain, in, out, whole);
        if (pkcs7) {
          memcpy(ks, in + 16 * whole, rest);
          memset(ks + rest, (int)(16 - rest), 16 - rest);
          if (mode == SM4_ECB) im->ecb(rk, ks, out + 16 * whole, 1);
          else im->cbc_enc(rk, chain, ks, out + 16 * whole, 1);
          result = (long)(16 * whole + 16);
        }
      } else {
        if (mode == SM4_ECB) im->ecb(rk, in, out, whole);
        else im->cbc_dec(rk, chain, in, out, whole);
        if (pkcs7) {
          unsigned p = pkcs7_len(out, len);
          SM4_DECLASSIFY(&p, sizeof p); /* the caller learns it: error or output length */
          if (p == 0) {
            sm4_wipe(out, len);
            result = SM4_ERR_PADDING;
          } else {
            result = (long)(len - p);
          }
        }
      }
      break;
    case SM4_CFB:
      if (dec) im->cfb_dec(rk, chain, in, out, whole);
      else im->cfb_enc(rk, chain, in, out, whole);
      if (rest) {
        im->ecb(rk, chain, ks, 1);
        xor_bytes(out + 16 * whole, in + 16 * whole, ks, rest);
      }
      break;
    case SM4_OFB:
      im->ofb(rk, chain, in, out, whole);
      if (rest) {
        im->ecb(rk, chain, ks, 1);
        xor_bytes(out + 16 * whole, in + 16 * whole, ks, rest);
      }
      break;
    case SM4_CTR:
      im->ctr(rk, chain, in, out, whole, 1);
      if (rest) {
        memset(ks, 0, 16);
        im->ctr(rk, chain, ks, ks, 1, 1);
        xor_bytes(out + 16 * whole, in + 16 * whole, ks, rest);
      }
      break;
    default:
      result = SM4_ERR_ARG;
  }
  sm4_wipe(rk, sizeof rk);
  sm4_wipe(chain, sizeof chain);
  sm4_wipe(ks, sizeof ks);
  return result;
}

int sm4_cbc_mac(const uint8_t key[16], const uint8_t iv[16], const uint8_t *data, size_t nblocks, uint8_t mac[16]) {
  const sm4_impl *im = sm4_impl_current();
  uint32_t rk[SM4_RK_WORDS];
  uint8_t st[16];
  if (nblocks == 0) return SM4_ERR_ARG;
  im->expand(key, rk, 0);
  memcpy(st, iv, 16);
  im->cbc_mac(rk, st, data, nblocks);
  memcpy(mac, st, 16);
  sm4_wipe(rk, sizeof rk);
  sm4_wipe(st, sizeof st);
  return 0;
}
