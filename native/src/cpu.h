/* CPU feature detection, done once at addon load. Kernels pick their fast path from these
 * flags through function pointers set in their own init functions; nothing is compiled with
 * -march=native, fast functions carry __attribute__((target("..."))) instead. */
#ifndef MIMA_CPU_H
#define MIMA_CPU_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int bmi2, adx, aesni, pclmul, avx2, avx512f, avx512bw, avx512vl, avx512ifma, gfni, vaes, vpclmulqdq, sha;
} mima_cpu_features;

/* Filled by mima_cpu_detect(); MIMA_NATIVE_FEATURES=portable (env) clears every flag so the
 * portable C paths can be tested on any machine. */
extern mima_cpu_features mima_cpu;

void mima_cpu_detect(void);

/* Writes the names of the detected features in use, space-separated, into buf. */
void mima_cpu_describe(char *buf, unsigned long len);

#ifdef __cplusplus
}
#endif
#endif
