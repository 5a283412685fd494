/* Wiping secrets in a way the compiler may not optimise away, and constant-time helpers
 * shared by the kernels. */
#ifndef MIMA_SECURE_H
#define MIMA_SECURE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Zeroes len bytes at p; a compiler barrier keeps the stores. */
static inline void mima_wipe(void *p, size_t len) {
  volatile unsigned char *v = (volatile unsigned char *)p;
  while (len--) *v++ = 0;
#if defined(__GNUC__) || defined(__clang__)
  __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

/* 1 if a[0..len) == b[0..len), else 0; time depends on len only. */
static inline int mima_ct_equal(const uint8_t *a, const uint8_t *b, size_t len) {
  uint8_t d = 0;
  for (size_t i = 0; i < len; i++) d |= (uint8_t)(a[i] ^ b[i]);
  return (int)(1 & ((uint32_t)(d - 1) >> 8));
}

#ifdef __cplusplus
}
#endif
#endif
