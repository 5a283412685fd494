/* Choosing the SM4 path once at load: CPU features from mima_cpu, then a power-on self-test
 * of each candidate against the portable path (GM/T 0028 asks a module to test its
 * algorithms before first use); the fastest path that passes is used. Tests may switch paths
 * (sm4_select_path) to run the same suite through each. */
#include <string.h>

#include "cpu.h"
#include "secure.h"
#include "sm4_internal.h"

#ifndef _WIN32
#include <pthread.h>
#endif

/* The fast paths exist only on x86-64; elsewhere these stay null. */
extern const sm4_impl sm4_impl_aesni __attribute__((weak));
extern const sm4_impl sm4_impl_avx2_gfni __attribute__((weak));
extern const sm4_impl sm4_impl_avx512_gfni __attribute__((weak));

static const char *const NAMES[SM4_PATH_COUNT] = {"portable", "aesni", "avx2-gfni", "avx512-gfni"};
static const sm4_impl *impls[SM4_PATH_COUNT];
static int avail[SM4_PATH_COUNT];
static int auto_path;
static const sm4_impl *current = &sm4_impl_portable;
static int current_path;

const sm4_impl *sm4_impl_current(void) { return current; }
int sm4_path_count(void) { return SM4_PATH_COUNT; }
const char *sm4_path_name(int path) { return path >= 0 && path < SM4_PATH_COUNT ? NAMES[path] : ""; }
int sm4_path_available(int path) { return path >= 0 && path < SM4_PATH_COUNT && avail[path]; }
int sm4_auto_path(void) { return auto_path; }
int sm4_current_path(void) { return current_path; }

int sm4_select_path(int path) {
  if (!sm4_path_available(path)) return -1;
  current = impls[path];
  current_path = path;
  return 0;
}

static int cpu_ok(int path) {
  const mima_cpu_features *f = &mima_cpu;
  switch (path) {
    case SM4_PATH_PORTABLE: return 1;
    case SM4_PATH_AESNI: return f->aesni && f->pclmul;
    case SM4_PATH_AVX2_GFNI: return f->avx2 && f->gfni && f->pclmul;
    case SM4_PATH_AVX512_GFNI:
      return f->avx512f && f->avx512bw && f->avx512vl && f->gfni && f->vpclmulqdq && f->pclmul;
    default: return 0;
  }
}

/* Every kernel of `im` on 333 blocks against the portable path (the AVX-512 kernels take two
 * 128-block steps, a 64-block step and a 13-block partial set; the AVX2 ones five 64-block
 * steps and a padded tail); 1 if all agree. Public test data only. */
#define ST_BLOCKS 333
static int self_test(const sm4_impl *im) {
  const sm4_impl *ref = &sm4_impl_portable;
  static const uint8_t key[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                  0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
  /* GM/T 0002-2012 Annex A.1: the key encrypts itself to 681edf34d206965e86b3e94f536e4246 */
  static const uint8_t kat[16] = {0x68, 0x1e, 0xdf, 0x34, 0xd2, 0x06, 0x96, 0x5e,
                                  0x86, 0xb3, 0xe9, 0x4f, 0x53, 0x6e, 0x42, 0x46};
  uint8_t in[16 * ST_BLOCKS], a[16 * ST_BLOCKS], b[16 * ST_BLOCKS], ca[16], cb[16];
  uint32_t rka[SM4_RK_WORDS], rkb[SM4_RK_WORDS], rra[SM4_RK_WORDS], rrb[SM4_RK_WORDS];
  int ok = 1;
  for (size_t i = 0; i < sizeof in; i++) in[i] = (uint8_t)(i * 151 + 7);
  im->expand(key, rka, 0);
  ref->expand(key, rkb, 0);
  im->expand(key, rra, 1);
  ref->expand(key, rrb, 1);
  im->ecb(rka, key, a, 1);
  ok &= memcmp(a, kat, 16) == 0;
  im->ecb(rka, in, a, ST_BLOCKS);
  ref->ecb(rkb, in, b, ST_BLOCKS);
  ok &= memcmp(a, b, sizeof a) == 0;
  im->ecb(rra, a, a, ST_BLOCKS);
  ok &= memcmp(a, in, sizeof a) == 0;
  for (int wide = 0; wide < 2; wide++) {
    memset(ca, 0xff, 16);
    ca[0] = 0x42;
    ca[15] = 0xf5; /* word 3 wraps at block 11: carries through words 2, 1, 0 (wide), inc32 wrap */
    memcpy(cb, ca, 16);
    im->ctr(rka, ca, in, a, ST_BLOCKS, wide);
    ref->ctr(rkb, cb, in, b, ST_BLOCKS, wide);
    ok &= memcmp(a, b, sizeof a) == 0 && memcmp(ca, cb, 16) == 0;
  }
  for (int ieee = 0; ieee < 2; ieee++) {
    for (int dec = 0; dec < 2; dec++) {
      memcpy(ca, in + 5, 16);
      memcpy(cb, in + 5, 16);
      im->xts(dec ? rra : rka, ca, in, a, ST_BLOCKS, ieee);
      ref->xts(dec ? rrb : rkb, cb, in, b, ST_BLOCKS, ieee);
      ok &= memcmp(a, b, sizeof a) == 0 && memcmp(ca, cb, 16) == 0;
    }
  }
  typedef void (*chain_fn)(const uint32_t *, uint8_t *, const uint8_t *, uint8_t *, size_t);
  const chain_fn fa[5] = {im->cbc_enc, im->cbc_dec, im->cfb_enc, im->cfb_dec, im->ofb};
  const chain_fn fb[5] = {ref->cbc_enc, ref->cbc_dec, ref->cfb_enc, ref->cfb_dec, ref->ofb};
  for (int k = 0; k < 5; k++) {
    const int dec = k == 1;
    memcpy(ca, in + 3, 16);
    memcpy(cb, in + 3, 16);
    fa[k](dec ? rra : rka, ca, in, a, ST_BLOCKS);
    fb[k](dec ? rrb : rkb, cb, in, b, ST_BLOCKS);
    ok &= memcmp(a, b, sizeof a) == 0 && memcmp(ca, cb, 16) == 0;
  }
  memcpy(ca, in + 9, 16);
  memcpy(cb, in + 9, 16);
  im->cbc_mac(rka, ca, in, ST_BLOCKS);
  ref->cbc_mac(rkb, cb, in, ST_BLOCKS);
  ok &= memcmp(ca, cb, 16) == 0;
  {
    sm4_ghash_key ga, gb;
    if (im->gcm != NULL) { /* fused CTR + GHASH against the two done separately */
      for (int open = 0; open < 2; open++) {
        uint8_t ya[16] = {0}, yb[16] = {0};
        memcpy(ca, in + 7, 16);
        memcpy(cb, in + 7, 16);
        im->ghash_init(&ga, in + 100, 16);
        ref->ghash_init(&gb, in + 100, 16);
        im->gcm(rka, ca, in, a, ST_BLOCKS, open, &ga, ya);
        if (open) ref->ghash(&gb, yb, in, ST_BLOCKS);
        ref->ctr(rkb, cb, in, b, ST_BLOCKS, 0);
        if (!open) ref->ghash(&gb, yb, b, ST_BLOCKS);
        ok &= memcmp(a, b, sizeof a) == 0 && memcmp(ca, cb, 16) == 0 && memcmp(ya, yb, 16) == 0;
      }
    }
    for (size_t n = 1; n <= ST_BLOCKS; n += 17) {
      memcpy(ca, in + 1, 16);
      memcpy(cb, in + 1, 16);
      im->ghash_init(&ga, in + 100, n > 16 ? 16 : n);
      ref->ghash_init(&gb, in + 100, n);
      im->ghash(&ga, ca, in, n);
      ref->ghash(&gb, cb, in, n);
      ok &= memcmp(ca, cb, 16) == 0;
    }
  }
  sm4_wipe(rka, sizeof rka);
  sm4_wipe(rra, sizeof rra);
  return ok;
}

static void init_once(void) {
  impls[SM4_PATH_PORTABLE] = &sm4_impl_portable;
  impls[SM4_PATH_AESNI] = &sm4_impl_aesni;
  impls[SM4_PATH_AVX2_GFNI] = &sm4_impl_avx2_gfni;
  impls[SM4_PATH_AVX512_GFNI] = &sm4_impl_avx512_gfni;
  const int consts_ok = sm4_consts_init() == 0;
  avail[SM4_PATH_PORTABLE] = 1;
  auto_path = SM4_PATH_PORTABLE;
  for (int p = 1; p < SM4_PATH_COUNT; p++) {
    avail[p] = consts_ok && impls[p] != NULL && cpu_ok(p) && self_test(impls[p]);
    if (avail[p]) auto_path = p;
  }
  sm4_select_path(auto_path);
}

#ifndef _WIN32
static pthread_once_t once = PTHREAD_ONCE_INIT;
int sm4_init(void) {
  pthread_once(&once, init_once);
  return 0;
}
#else
static volatile long done;
int sm4_init(void) {
  if (!done) {
    init_once();
    done = 1;
  }
  return 0;
}
#endif
