/* Internal declarations of the ZUC MAC kernels (zuc_mac.c, zuc_x86.c). */
#ifndef MIMA_ZUC_INTERNAL_H
#define MIMA_ZUC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Clears secret temporaries (keystream, state copies). memset vectorises, unlike a volatile
 * byte loop; the barrier keeps the compiler from dropping it as a dead store. */
static inline void mima_zuc_burn(void *p, size_t n) {
  memset(p, 0, n);
#if defined(__GNUC__) || defined(__clang__)
  __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

/* XOR over message words k < nwords (big-endian at msg + 4k) of bits 0..63 of
 * clmul(z[k] * 2^32 + z[k+1], bitreverse(word k)); reads z[0..nwords]. */
typedef uint64_t (*mima_zuc_mac_fn)(const uint32_t *z, const uint8_t *msg, size_t nwords);

uint64_t mima_zuc_mac_portable(const uint32_t *z, const uint8_t *msg, size_t nwords);

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MIMA_ZUC_X86 1
uint64_t mima_zuc_mac_pclmul(const uint32_t *z, const uint8_t *msg, size_t nwords);
uint64_t mima_zuc_mac_vpclmul(const uint32_t *z, const uint8_t *msg, size_t nwords);
#endif

#ifdef __cplusplus
}
#endif
#endif
