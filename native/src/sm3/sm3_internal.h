/* Internal declarations of the SM3 kernels (not part of the public header). */
#ifndef MIMA_SM3_INTERNAL_H
#define MIMA_SM3_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Round constants rol32(T_j, j mod 32), T_j = 79cc4519 (j < 16), 7a879d8a (j >= 16) (§4.2). */
extern const uint32_t mima_sm3_K[64];

/* The initial value IV (§4.1). */
extern const uint32_t mima_sm3_IV[8];

typedef void (*mima_sm3_compress_fn)(uint32_t st[8], const uint8_t *p, size_t nblocks);

/* Multi-buffer kernel: hashes `lanes` (8, 16 or 32) block streams at once. For lane i, blocks[i]
 * points at nb whole 64-byte blocks; st is the transposed state: st[w * lanes + i] = word w of
 * lane i. All lanes advance by nb blocks. */
typedef void (*mima_sm3_mb_fn)(uint32_t *st, const uint8_t *const *blocks, size_t nb);

/* Clears stack copies of message words (they can be secret: HMAC keys, KDF inputs). memset
 * vectorises; the barrier keeps the compiler from dropping it as a dead store. */
static inline void mima_sm3_burn(void *p, size_t n) {
  memset(p, 0, n);
#if defined(__GNUC__) || defined(__clang__)
  __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

void mima_sm3_compress_portable(uint32_t st[8], const uint8_t *p, size_t nblocks);

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MIMA_SM3_X86 1
void mima_sm3_compress_bmi2(uint32_t st[8], const uint8_t *p, size_t nblocks);
void mima_sm3_compress_avx2(uint32_t st[8], const uint8_t *p, size_t nblocks);
void mima_sm3_compress_avx512(uint32_t st[8], const uint8_t *p, size_t nblocks);
void mima_sm3_mb8_avx2(uint32_t *st, const uint8_t *const *blocks, size_t nb);
void mima_sm3_mb16_avx512(uint32_t *st, const uint8_t *const *blocks, size_t nb);
void mima_sm3_mb32_avx512(uint32_t *st, const uint8_t *const *blocks, size_t nb);
#endif

#ifdef __cplusplus
}
#endif
#endif
