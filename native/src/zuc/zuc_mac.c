/* 128-EIA3 (GM/T 0001.3-2012; 3GPP EEA3 & EIA3 specification §4) and the ZUC-256 MAC
 * ("The ZUC-256 Stream Cipher", MAC generation), over one word-at-a-time accumulation.
 *
 * Both MACs XOR, for every message bit i that is 1, the keystream window of 32 bits starting
 * i bits after a fixed origin. For message word k (m_0 its most significant bit) and keystream
 * words z_k, z_{k+1}, let K = z_k * 2^32 + z_{k+1} and r = the bit reversal of the word (bit j
 * of r is m_j). The window at bit j is bits 32..63 of K << j, so the word's contribution is
 *   XOR_j m_j (K << j) [bits 32..63] = bits 32..63 of clmul(K, r),
 * a 64 x 32-bit carry-less product. Bits 32..63 of a XOR of products are the XOR of their bits
 * 32..63, so a kernel XORs the low 64 bits of all products of a run of words and the caller
 * takes bits 32..63 once.
 *
 * Kernels (mima_zuc_mac_fn): portable C computes the carry-less product with integer
 * multiplications with holes (operands split into the bits = 0,1,2,3 mod 4, so that no column
 * count, at most 8 here, carries into the next bit of its class); x86 uses PCLMULQDQ, or
 * VPCLMULQDQ with GFNI bit reversal, 16 words per step (zuc_x86.c). None branches on or indexes
 * by data.
 *
 * The keystream is generated CHUNK words at a time into a stack buffer (wiped at the end). */
#include <string.h>

#include "cpu.h"
#include "zuc.h"
#include "zuc_internal.h"

/* bits 0..63 of clmul(a, b) for a 64-bit a and a 32-bit b (BearSSL's ctmul64 technique). */
static inline uint64_t clmul_lo64(uint64_t a, uint64_t b) {
  const uint64_t m0 = 0x1111111111111111ull, m1 = m0 << 1, m2 = m0 << 2, m3 = m0 << 3;
  uint64_t a0 = a & m0, a1 = a & m1, a2 = a & m2, a3 = a & m3;
  uint64_t b0 = b & m0, b1 = b & m1, b2 = b & m2, b3 = b & m3;
  uint64_t z0 = (a0 * b0) ^ (a1 * b3) ^ (a2 * b2) ^ (a3 * b1);
  uint64_t z1 = (a0 * b1) ^ (a1 * b0) ^ (a2 * b3) ^ (a3 * b2);
  uint64_t z2 = (a0 * b2) ^ (a1 * b1) ^ (a2 * b0) ^ (a3 * b3);
  uint64_t z3 = (a0 * b3) ^ (a1 * b2) ^ (a2 * b1) ^ (a3 * b0);
  return (z0 & m0) | (z1 & m1) | (z2 & m2) | (z3 & m3);
}

/* The bit reversal of the big-endian word at p: the little-endian word of its bytes, each
 * byte bit-reversed. */
static inline uint32_t rev_be32(const uint8_t *p) {
  uint32_t x = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  return x;
}

uint64_t mima_zuc_mac_portable(const uint32_t *z, const uint8_t *msg, size_t nwords) {
  uint64_t acc = 0;
  for (size_t k = 0; k < nwords; k++) {
    uint64_t K = ((uint64_t)z[k] << 32) | z[k + 1];
    acc ^= clmul_lo64(K, rev_be32(msg + 4 * k));
  }
  return acc;
}

static mima_zuc_mac_fn mac_fn = mima_zuc_mac_portable;
static const char *mac_name = "portable";

enum { PATH_AUTO, PATH_PORTABLE, PATH_PCLMUL, PATH_VPCLMUL };

static int path_available(int path) {
  switch (path) {
    case PATH_AUTO:
    case PATH_PORTABLE:
      return 1;
#ifdef MIMA_ZUC_X86
    case PATH_PCLMUL:
      return mima_cpu.pclmul;
    case PATH_VPCLMUL:
      return mima_cpu.vpclmulqdq && mima_cpu.gfni && mima_cpu.avx512f && mima_cpu.avx512bw && mima_cpu.avx512vl;
#endif
    default:
      return 0;
  }
}

static void apply(int path) {
  if (path == PATH_AUTO) {
    path = PATH_PORTABLE;
    for (int p = PATH_VPCLMUL; p > PATH_PORTABLE; p--) {
      if (path_available(p)) {
        path = p;
        break;
      }
    }
  }
  switch (path) {
#ifdef MIMA_ZUC_X86
    case PATH_VPCLMUL:
      mac_fn = mima_zuc_mac_vpclmul;
      mac_name = "vpclmulqdq+gfni";
      return;
    case PATH_PCLMUL:
      mac_fn = mima_zuc_mac_pclmul;
      mac_name = "pclmulqdq";
      return;
#endif
    default:
      mac_fn = mima_zuc_mac_portable;
      mac_name = "portable";
      return;
  }
}

void mima_zuc_setup(void) { apply(PATH_AUTO); }

int mima_zuc_force_path(int path) {
  if (!path_available(path)) return -1;
  apply(path);
  return 0;
}

const char *mima_zuc_describe(void) { return mac_name; }

#define CHUNK 256 /* message words per keystream refill */
#define EXTRA 16  /* keystream words kept beyond a chunk: windows reach 8 words past it */

static inline uint32_t load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* 32 keystream bits starting r bits into word hi, continuing into lo (0 <= r < 32). */
static inline uint32_t window(uint32_t hi, uint32_t lo, unsigned r) { return r == 0 ? hi : (hi << r) | (lo >> (32 - r)); }

/*
 * The MAC accumulation over an initialised state for the first `bits` bits of msg. Keystream
 * words are numbered from 0 (the first after initialisation); the window for message bit i is
 * n words wide and starts at keystream bit 32 * origin + i.
 * - 128-EIA3: n = 1, origin = 0, tag starts at 0.
 * - ZUC-256 MAC: n = t/32, origin = n, tag starts as keystream words 0..n-1.
 * On return tag[w] = start ^ XOR_{m_i = 1} window_w(i) ^ window_w(bits); the function returns
 * keystream word ceil(bits/32) + 1 (EIA3's z_{L-1}, L = ceil(LENGTH/32) + 2).
 */
static uint32_t mac_accumulate(mima_zuc_state *st, const uint8_t *msg, uint64_t bits, unsigned n, unsigned origin,
                               uint32_t *tag) {
  mima_zuc_mac_fn fn = mac_fn;
  uint32_t ks[CHUNK + EXTRA];
  uint64_t acc[4] = {0, 0, 0, 0};
  /* Keystream words used: up to index floor(bits/32) + origin + n (last window) and
   * ceil(bits/32) + 1; generated in whole blocks of 16. */
  uint64_t need = ((bits / 32 + origin + n + 2 + 15) / 16) * 16;
  mima_zuc_keystream(st, ks, (size_t)(need < CHUNK + EXTRA ? need : CHUNK + EXTRA));
  for (unsigned w = 0; w < n; w++) tag[w] = origin > 0 ? ks[w] : 0;
  uint64_t full = bits / 32;
  uint64_t base = 0; /* ks[i] is keystream word base + i */
  uint64_t k = 0;
  while (k < full) {
    size_t cnt = (size_t)(full - k < CHUNK ? full - k : CHUNK);
    for (unsigned w = 0; w < n; w++) acc[w] ^= fn(ks + (k - base) + origin + w, msg + 4 * k, cnt);
    k += cnt;
    if (cnt == CHUNK) {
      memcpy(ks, ks + CHUNK, EXTRA * sizeof *ks);
      base += CHUNK;
      uint64_t have = base + EXTRA;
      if (need > have) mima_zuc_keystream(st, ks + EXTRA, (size_t)(need - have < CHUNK ? need - have : CHUNK));
    }
  }
  unsigned r = (unsigned)(bits % 32);
  if (r != 0) {
    /* The last, partial word: its bits after `bits` count as 0 (only ceil(r/8) bytes exist). */
    uint8_t last[4] = {0, 0, 0, 0};
    memcpy(last, msg + 4 * full, (r + 7) / 8);
    uint32_t m = load_be32(last) & ~(0xffffffffu >> r);
    last[0] = (uint8_t)(m >> 24);
    last[1] = (uint8_t)(m >> 16);
    last[2] = (uint8_t)(m >> 8);
    last[3] = (uint8_t)m;
    for (unsigned w = 0; w < n; w++) acc[w] ^= mima_zuc_mac_portable(ks + (full - base) + origin + w, last, 1);
    mima_zuc_burn(last, sizeof last);
  }
  size_t q = (size_t)(full - base) + origin;
  for (unsigned w = 0; w < n; w++) tag[w] ^= (uint32_t)(acc[w] >> 32) ^ window(ks[q + w], ks[q + w + 1], r);
  uint32_t words = (uint32_t)((bits + 31) / 32);
  uint32_t last_word = ks[(size_t)(words + 1 - base)];
  /* Only the words generated are secret (ks is filled up to `need` words after `base`). */
  uint64_t used = need - base < CHUNK + EXTRA ? need - base : CHUNK + EXTRA;
  mima_zuc_burn(ks, (size_t)used * sizeof *ks);
  mima_zuc_burn(acc, sizeof acc);
  return last_word;
}

uint32_t mima_eia3(const uint8_t key[16], uint32_t count, uint32_t bearer, uint32_t direction, const uint8_t *msg,
                   uint64_t bits) {
  /* EIA3 IV (§4): COUNT || BEARER || 0^27, then the second half with DIRECTION in bit 7 of
   * bytes 8 and 14. */
  uint8_t iv[16];
  memset(iv, 0, sizeof iv);
  iv[0] = (uint8_t)(count >> 24);
  iv[1] = (uint8_t)(count >> 16);
  iv[2] = (uint8_t)(count >> 8);
  iv[3] = (uint8_t)count;
  iv[4] = (uint8_t)((bearer & 31) << 3);
  memcpy(iv + 8, iv, 8);
  iv[8] ^= (uint8_t)((direction & 1) << 7);
  iv[14] ^= (uint8_t)((direction & 1) << 7);
  mima_zuc_state st;
  mima_zuc128_init(&st, key, iv);
  uint32_t t;
  uint32_t last = mac_accumulate(&st, msg, bits, 1, 0, &t);
  mima_zuc_burn(&st, sizeof st);
  return t ^ last;
}

int mima_zuc256_mac(const uint8_t key[32], const uint8_t iv17[17], const uint8_t iv6[8], const uint8_t *msg,
                    uint64_t bits, unsigned macbits, uint8_t *tag) {
  const uint8_t *d = mima_zuc256_d_mac(macbits);
  if (d == NULL) return -1;
  mima_zuc_state st;
  mima_zuc256_init(&st, key, iv17, iv6, d);
  unsigned n = macbits / 32;
  uint32_t t[4];
  (void)mac_accumulate(&st, msg, bits, n, n, t);
  for (unsigned w = 0; w < n; w++) {
    tag[4 * w] = (uint8_t)(t[w] >> 24);
    tag[4 * w + 1] = (uint8_t)(t[w] >> 16);
    tag[4 * w + 2] = (uint8_t)(t[w] >> 8);
    tag[4 * w + 3] = (uint8_t)t[w];
  }
  mima_zuc_burn(&st, sizeof st);
  mima_zuc_burn(t, sizeof t);
  return 0;
}
