/* Choosing the SM3 kernels for this CPU, once, and the test hook that forces a path.
 *
 * Paths: 1 portable C (compression and one message at a time); 2 bmi2 (scalar, rorx);
 * 3 avx2 (AVX2 message expansion, 8-lane multi-buffer); 4 avx512 (AVX-512VL message expansion,
 * 16-lane multi-buffer, and 32 lanes as two interleaved 16-lane groups for batches of 32 or
 * more). 0 = the best available: avx512 > avx2 > bmi2 > portable. */
#include <stdio.h>

#include "cpu.h"
#include "sm3.h"
#include "sm3_internal.h"

void mima_sm3_select(mima_sm3_compress_fn fn, const char *name);
const char *mima_sm3_compress_name(void);
void mima_sm3_many_select(mima_sm3_mb_fn fn, unsigned lanes, mima_sm3_mb_fn wide, unsigned wide_lanes);
unsigned mima_sm3_many_lanes(void);
unsigned mima_sm3_many_wide_lanes(void);

enum { PATH_AUTO, PATH_PORTABLE, PATH_BMI2, PATH_AVX2, PATH_AVX512 };

static int path_available(int path) {
  switch (path) {
    case PATH_AUTO:
    case PATH_PORTABLE:
      return 1;
#ifdef MIMA_SM3_X86
    case PATH_BMI2:
      return mima_cpu.bmi2;
    case PATH_AVX2:
      return mima_cpu.avx2 && mima_cpu.bmi2;
    case PATH_AVX512:
      return mima_cpu.avx512f && mima_cpu.avx512vl && mima_cpu.avx512bw && mima_cpu.bmi2;
#endif
    default:
      return 0;
  }
}

static void apply(int path) {
  if (path == PATH_AUTO) {
    path = PATH_PORTABLE;
    for (int p = PATH_AVX512; p > PATH_PORTABLE; p--) {
      if (path_available(p)) {
        path = p;
        break;
      }
    }
  }
  switch (path) {
#ifdef MIMA_SM3_X86
    case PATH_AVX512:
      mima_sm3_select(mima_sm3_compress_avx512, "avx512");
      mima_sm3_many_select(mima_sm3_mb16_avx512, 16, mima_sm3_mb32_avx512, 32);
      return;
    case PATH_AVX2:
      mima_sm3_select(mima_sm3_compress_avx2, "avx2");
      mima_sm3_many_select(mima_sm3_mb8_avx2, 8, NULL, 0);
      return;
    case PATH_BMI2:
      mima_sm3_select(mima_sm3_compress_bmi2, "bmi2");
      mima_sm3_many_select(NULL, 0, NULL, 0);
      return;
#endif
    default:
      mima_sm3_select(mima_sm3_compress_portable, "portable");
      mima_sm3_many_select(NULL, 0, NULL, 0);
      return;
  }
}

void mima_sm3_setup(void) { apply(PATH_AUTO); }

int mima_sm3_force_path(int path) {
  if (!path_available(path)) return -1;
  apply(path);
  return 0;
}

const char *mima_sm3_describe(void) {
  static char buf[64];
  unsigned lanes = mima_sm3_many_lanes(), wide = mima_sm3_many_wide_lanes();
  if (lanes == 0) {
    snprintf(buf, sizeof buf, "compress=%s many=serial", mima_sm3_compress_name());
  } else if (wide == 0) {
    snprintf(buf, sizeof buf, "compress=%s many=x%u", mima_sm3_compress_name(), lanes);
  } else {
    snprintf(buf, sizeof buf, "compress=%s many=x%u/x%u", mima_sm3_compress_name(), lanes, wide);
  }
  return buf;
}
