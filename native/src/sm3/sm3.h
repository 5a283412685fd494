/* SM3 hash (GM/T 0004-2012 = GB/T 32905-2016) and HMAC-SM3 (RFC 2104, 64-byte blocks) for the
 * native engine. Other families (the SM2 helper: Z_A, e = SM3(Z_A || M), KDF, C3) call these
 * functions directly.
 *
 * Dispatch: every entry point works before mima_sm3_setup() has run (it then uses the portable
 * C compression); mima_sm3_setup() picks the fastest compression and multi-buffer kernels for
 * the CPU once, from mima_cpu (cpu.h). It is called by the Node-API init of the sm3 family.
 *
 * Secrets: mima_sm3_final and mima_hmac_sm3 wipe their contexts; callers hashing secret data
 * with their own ctx should not keep copies of it. SM3 has no secret-dependent branches or
 * table indexes; its time depends only on the lengths. */
#ifndef MIMA_SM3_H
#define MIMA_SM3_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MIMA_SM3_DIGEST_LEN 32
#define MIMA_SM3_BLOCK_LEN 64

/* Incremental state. Copying the struct clones it (prefix caching, e.g. Z_A or HMAC pads). */
typedef struct {
  uint32_t h[8];     /* chaining value V_i */
  uint64_t nblocks;  /* whole blocks compressed so far */
  uint8_t buf[64];   /* pending partial block, buf[0..num) */
  size_t num;
} mima_sm3_ctx;

/* Chooses the CPU-specific kernels (idempotent). */
void mima_sm3_setup(void);

void mima_sm3_init(mima_sm3_ctx *ctx);
void mima_sm3_update(mima_sm3_ctx *ctx, const uint8_t *data, size_t len);
/* Writes the digest and wipes ctx. */
void mima_sm3_final(mima_sm3_ctx *ctx, uint8_t out[32]);

/* One-shot SM3. */
void mima_sm3(const uint8_t *data, size_t len, uint8_t out[32]);

/* The compression function CF (§5.3) over nblocks consecutive 64-byte blocks:
 * state = CF(...CF(state, B_0)..., B_{n-1}). state holds the 8 chaining words (host order). */
void mima_sm3_compress_blocks(uint32_t state[8], const uint8_t *blocks, size_t nblocks);

/* Digests of n independent messages msgs[i] of lens[i] bytes into out[32*i .. 32*i+32).
 * Uses the multi-buffer kernels (8 lanes AVX2, 16 lanes AVX-512) where available; messages of
 * unequal lengths are fine. */
void mima_sm3_many(const uint8_t *const *msgs, const size_t *lens, size_t n, uint8_t *out);

/* HMAC-SM3 in one call (keys longer than 64 bytes are hashed first, RFC 2104 §2). */
void mima_hmac_sm3(const uint8_t *key, size_t keylen, const uint8_t *data, size_t len, uint8_t out[32]);

/* Incremental HMAC-SM3: the two keyed prefix states. Copying the struct clones it. */
typedef struct {
  mima_sm3_ctx inner, outer;
} mima_hmac_sm3_ctx;

void mima_hmac_sm3_init(mima_hmac_sm3_ctx *ctx, const uint8_t *key, size_t keylen);
void mima_hmac_sm3_update(mima_hmac_sm3_ctx *ctx, const uint8_t *data, size_t len);
/* Writes the tag and wipes ctx. */
void mima_hmac_sm3_final(mima_hmac_sm3_ctx *ctx, uint8_t out[32]);

/* Test hook: 0 = the fastest kernels for this CPU, 1 = portable C only, 2.. = a named fast path
 * (see mima_sm3_path_names). Returns 0 on success, -1 if the path is not available here. */
int mima_sm3_force_path(int path);
/* Names of the compression/multi-buffer kernels in use, e.g. "compress=avx512 many=x16". */
const char *mima_sm3_describe(void);

#ifdef __cplusplus
}
#endif
#endif
