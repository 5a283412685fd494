/* SM4 (GM/T 0002-2012 = GB/T 32907-2016) kernels of the native engine: what the paths share.
 *
 * A "path" is one implementation of the block cipher and its many-block mode kernels:
 *   portable     C with T-tables (secret-indexed table lookups, not constant-time);
 *   aesni        AES-NI (aesenclast as the inversion in GF(2^8)) on 128-bit vectors;
 *   avx2-gfni    GFNI affine instructions on 256-bit vectors (8 blocks per register set);
 *   avx512-gfni  GFNI on 512-bit vectors (16 blocks per register set, several sets in flight).
 * The mode drivers (sm4_modes.c) are written once over a path's function table; the path is
 * chosen once at load from mima_cpu (tests may force another, see sm4_select_path).
 *
 * The fast paths keep the cipher state in an "A1 domain": every state byte x is held as A1·x,
 * where S(x) = A2·inv(A1·x ^ c1) ^ c2 is the SM4 S-box written over the AES field (GF(2^8)
 * mod x^8+x^4+x^3+x+1, the field of GFNI's vgf2p8affineinvqb and of aesenclast). Then the
 * input of each round's S-box is already A1·x, and S followed by L and by the next A1 folds
 * into three affine maps of inv(t) whose outputs are only byte-rotated and XORed (see
 * sm4_tables.c). Round keys for the fast paths are stored in that domain ("prepared keys").
 */
#ifndef MIMA_SM4_INTERNAL_H
#define MIMA_SM4_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sm4.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  SM4_PATH_PORTABLE = 0,
  SM4_PATH_AESNI = 1,
  SM4_PATH_AVX2_GFNI = 2,
  SM4_PATH_AVX512_GFNI = 3,
  SM4_PATH_COUNT = 4
};

/* The S-box decomposition S(x) = A2·inv(A1·x ^ C1) ^ C2 over the AES field, as 64-bit GFNI
 * matrices (byte 7-i of the constant is the row giving output bit i). Derived from the SM4
 * S-box structure S(x) = A·I(A·x ^ 0xD3) ^ 0xD3 over GF(2^8) mod x^8+x^7+x^6+x^5+x^4+x^2+1
 * (A circulant with first row 0xA7) and the field isomorphism x -> 0x23; sm4_consts_init
 * checks every one of the 256 entries against the S-box of GM/T 0002-2012 §6.2. */
#define SM4_GFNI_A1 0x4c287db91a22505dULL
#define SM4_GFNI_C1 0x3e
#define SM4_GFNI_A2 0xf3ab34a974a6b589ULL
#define SM4_GFNI_C2 0xd3

/* Constants derived once at load (sm4_consts_init). */
typedef struct {
  uint32_t t[4][256];        /* portable T-tables: t[k][a] = L(S(a) << (24 - 8k)) */
  uint8_t sbox[256];
  uint32_t ck[32];           /* CK_i (GM/T 0002-2012 §7.3.1) */
  /* GFNI, constant-free: G_k = M_k·inv(t) for the round (see sm4_tables.c) */
  uint64_t a1, a1inv, m0, m8, m24, bitrev;
  uint8_t k;                 /* per-round constant folded into the prepared keys */
  /* AES-NI: the same maps as 4-bit table pairs for pshufb (lo nibble, hi nibble) */
  uint8_t a1_lo[16], a1_hi[16], a1inv_lo[16], a1inv_hi[16];
  uint8_t n0_lo[16], n0_hi[16], n8_lo[16], n8_hi[16], n24_lo[16], n24_hi[16];
  uint8_t ks_pre_lo[16], ks_pre_hi[16], ks_post_lo[16], ks_post_hi[16];
  /* Key schedule in the A1 domain (sm4_tables.c): A1·L'(S) = Σ_r (KS_r·inv(t')) <<< r */
  uint64_t ks0, ks8, ks16, ks24;
  uint32_t ckd[32];           /* A1·CK_i ^ C1 ^ ε_{i+1} ^ ε_{i+2} ^ ε_{i+3} */
  uint32_t ckd4[128];         /* ckd[i] <<< 8r at [4i + r] */
  uint32_t fix_enc[32], fix_dec[32]; /* domain key words -> prepared round keys */
  uint8_t ks_n0_lo[16], ks_n0_hi[16], ks_n8_lo[16], ks_n8_hi[16];
  uint8_t ks_n16_lo[16], ks_n16_hi[16], ks_n24_lo[16], ks_n24_hi[16];
  /* pshufb masks undoing aesenclast's ShiftRows, combined with a dword rotation by 8r
   * (rotfix[r]) or with the lane move "lane j takes lane j+r" (sigfix[r]) */
  uint8_t rotfix[4][16], sigfix[4][16];
} sm4_consts_t;

/* Round keys of the fast paths: for round j, the prepared key and its byte rotations
 * (rk[4j + r] = rk'_j <<< 8r), so serial code loads a lane-rotated vector and parallel code
 * broadcasts rk[4j]. The portable path uses rk[0..31]. */
#define SM4_RK_WORDS 128

extern sm4_consts_t sm4_c;

/* Fills sm4_c; returns 0, or -1 if a derived constant fails its check (then only the portable
 * path is used). */
int sm4_consts_init(void);

/* Bytewise GF(2) matrix helpers (public constants only). */
uint8_t sm4_mat_apply(uint64_t m, uint8_t x);

/* GHASH key: H^1..H^16 in a path's own representation; pw[16 - k] holds H^k. */
typedef struct {
  uint8_t pw[16][16];
  uint32_t npw;
} sm4_ghash_key;

/* One path: the block cipher and the mode kernels. Round keys `rk` are 32 words in the path's
 * format (the plain schedule for portable, prepared keys for the fast paths); `dec` selects
 * the decryption order. All kernels take whole blocks; `in` may equal `out`. Chaining values
 * (iv, ctr, tweak, MAC state) are updated in place so calls can continue each other. */
typedef struct sm4_impl {
  const char *name;
  void (*expand)(const uint8_t key[16], uint32_t rk[SM4_RK_WORDS], int dec);
  void (*ecb)(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t n);
  /* wide: 128-bit big-endian counter (GB/T 17964 CTR); else inc32 of SP 800-38D §6.2 */
  void (*ctr)(const uint32_t *rk, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t n, int wide);
  void (*cbc_dec)(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n);
  void (*cfb_dec)(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n);
  /* XEX over n blocks with tweak T, T·α, ...; ieee: IEEE 1619 order, else GB/T 17964 */
  void (*xts)(const uint32_t *rk, uint8_t tweak[16], const uint8_t *in, uint8_t *out, size_t n, int ieee);
  /* serial modes: one block at a time through the path's single-block routine */
  void (*cbc_enc)(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n);
  void (*cfb_enc)(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n);
  void (*ofb)(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n);
  void (*cbc_mac)(const uint32_t *rk, uint8_t st[16], const uint8_t *in, size_t n);
  /* GHASH (SP 800-38D §6.4): y is the state in GCM byte order; h the hash key */
  void (*ghash_init)(sm4_ghash_key *gk, const uint8_t h[16], size_t maxblocks);
  void (*ghash)(const sm4_ghash_key *gk, uint8_t y[16], const uint8_t *in, size_t n);
  /* Optional fused GCM bulk: n whole blocks of CTR with inc32 and GHASH of the ciphertext
   * (the input when opening) into y; needs the 16 powers of H. NULL: the driver alternates
   * ctr and ghash. */
  void (*gcm)(const uint32_t *rk, uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t n, int open,
              const sm4_ghash_key *gk, uint8_t y[16]);
} sm4_impl;

extern const sm4_impl sm4_impl_portable;
extern const sm4_impl sm4_impl_aesni;
extern const sm4_impl sm4_impl_avx2_gfni;
extern const sm4_impl sm4_impl_avx512_gfni;

/* Portable pieces the other paths reuse for public-data bookkeeping. */
void sm4_portable_expand_plain(const uint8_t key[16], uint32_t rk[32]);
void sm4_ghash_portable_init(sm4_ghash_key *gk, const uint8_t h[16], size_t maxblocks);
void sm4_ghash_portable(const sm4_ghash_key *gk, uint8_t y[16], const uint8_t *in, size_t n);
void sm4_ghash_clmul_init(sm4_ghash_key *gk, const uint8_t h[16], size_t maxblocks);
void sm4_ghash_clmul(const sm4_ghash_key *gk, uint8_t y[16], const uint8_t *in, size_t n);



/* XTS tweak times α, constant-time scalar (16 bytes, in place). */
void sm4_xts_mul_alpha(uint8_t t[16], int ieee);

/* The selected path (sm4_dispatch.c). */
const sm4_impl *sm4_impl_current(void);

/* Zeroes secrets: memset, then a compiler barrier that makes the stores observable (as
 * explicit_bzero does); mima_wipe's volatile byte loop costs ~1 cycle per byte, which for
 * the 512-byte round-key arrays wiped on every call would cost more than a 16-byte message. */
static inline void sm4_wipe(void *p, size_t n) {
  memset(p, 0, n);
#if defined(__GNUC__) || defined(__clang__)
  __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

/* Marks a value derived from secrets as public where the API reveals it anyway (whether a tag
 * matched, whether padding was valid, the unpadded length). A no-op, except in the ctgrind
 * check (-DMIMA_CTGRIND), where secrets are marked undefined for valgrind memcheck and any
 * branch or address depending on them is reported unless declassified here. */
#ifdef MIMA_CTGRIND
#include <valgrind/memcheck.h>
#define SM4_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define SM4_DECLASSIFY(p, n) ((void)0)
#endif

static inline uint32_t sm4_load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}
static inline void sm4_store_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}
/* Increments a big-endian counter block by one: the low 32 bits (GCM's inc32) or all 128 (CTR). */
static inline void sm4_ctr_inc(uint8_t c[16], int wide) {
  unsigned carry = 1;
  for (int i = 15; i >= (wide ? 0 : 12); i--) {
    carry += c[i];
    c[i] = (uint8_t)carry;
    carry >>= 8;
  }
}

static inline uint32_t sm4_rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

#ifdef __cplusplus
}
#endif
#endif
