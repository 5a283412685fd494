#include "cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

mima_cpu_features mima_cpu;

void mima_cpu_detect(void) {
  memset(&mima_cpu, 0, sizeof mima_cpu);
  const char *force = getenv("MIMA_NATIVE_FEATURES");
  if (force != NULL && strcmp(force, "portable") == 0) return;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  mima_cpu.bmi2 = __builtin_cpu_supports("bmi2");
  mima_cpu.adx = __builtin_cpu_supports("adx");
  mima_cpu.aesni = __builtin_cpu_supports("aes");
  mima_cpu.pclmul = __builtin_cpu_supports("pclmul");
  mima_cpu.avx2 = __builtin_cpu_supports("avx2");
  mima_cpu.avx512f = __builtin_cpu_supports("avx512f");
  mima_cpu.avx512bw = __builtin_cpu_supports("avx512bw");
  mima_cpu.avx512vl = __builtin_cpu_supports("avx512vl");
  mima_cpu.avx512ifma = __builtin_cpu_supports("avx512ifma");
  mima_cpu.gfni = __builtin_cpu_supports("gfni");
  mima_cpu.vaes = __builtin_cpu_supports("vaes");
  mima_cpu.vpclmulqdq = __builtin_cpu_supports("vpclmulqdq");
  mima_cpu.sha = __builtin_cpu_supports("sha");
#endif
}

void mima_cpu_describe(char *buf, unsigned long len) {
  static const struct { const char *name; size_t off; } names[] = {
    {"bmi2", offsetof(mima_cpu_features, bmi2)},       {"adx", offsetof(mima_cpu_features, adx)},
    {"aes-ni", offsetof(mima_cpu_features, aesni)},    {"pclmulqdq", offsetof(mima_cpu_features, pclmul)},
    {"avx2", offsetof(mima_cpu_features, avx2)},       {"avx512f", offsetof(mima_cpu_features, avx512f)},
    {"avx512bw", offsetof(mima_cpu_features, avx512bw)}, {"avx512vl", offsetof(mima_cpu_features, avx512vl)},
    {"avx512ifma", offsetof(mima_cpu_features, avx512ifma)},
    {"gfni", offsetof(mima_cpu_features, gfni)},       {"vaes", offsetof(mima_cpu_features, vaes)},
    {"vpclmulqdq", offsetof(mima_cpu_features, vpclmulqdq)},
  };
  size_t used = 0;
  if (len == 0) return;
  buf[0] = '\0';
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    int on = *(const int *)((const char *)&mima_cpu + names[i].off);
    if (!on) continue;
    int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", names[i].name);
    if (n < 0 || (size_t)n >= len - used) break;
    used += (size_t)n;
  }
}
