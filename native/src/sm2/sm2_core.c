/* SM2 set-up and dispatch, randomness, key validation and encoding, key generation, Z_A. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "../cpu.h"
#include "../secure.h"
#include "../sm3/sm3.h"
#include "ct.h"
#include "ifma.h"
#include "sm2_internal.h"

int sm2_pools_enabled = 1;
volatile unsigned sm2_fork_generation;

static void after_fork_in_child(void) { sm2_fork_generation++; }

const sm2_aff *sm2_gtab;
sm2_aff sm2_g_odd[SM2_ODD_MAX];
/* The IFMA copy of the G table, and whether batches use it (chosen with the arithmetic). */
static uint64_t *gtab_ifma;
static int use_ifma;

static const uint64_t P_LIMBS[4] = {SM2_P0, SM2_P1, SM2_P2, SM2_P3};
static const fe_t FE_PLAIN_ONE = {1, 0, 0, 0};

/* a ‖ b ‖ xG ‖ yG of GM/T 0003.5-2012 §5.1: the curve part of Z (GM/T 0003.2 §5.5). */
static const uint8_t Z_CURVE[128] = {
  0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc,
  0x28, 0xe9, 0xfa, 0x9e, 0x9d, 0x9f, 0x5e, 0x34, 0x4d, 0x5a, 0x9e, 0x4b, 0xcf, 0x65, 0x09, 0xa7,
  0xf3, 0x97, 0x89, 0xf5, 0x15, 0xab, 0x8f, 0x92, 0xdd, 0xbc, 0xbd, 0x41, 0x4d, 0x94, 0x0e, 0x93,
  0x32, 0xc4, 0xae, 0x2c, 0x1f, 0x19, 0x81, 0x19, 0x5f, 0x99, 0x04, 0x46, 0x6a, 0x39, 0xc9, 0x94,
  0x8f, 0xe3, 0x0b, 0xbf, 0xf2, 0x66, 0x0b, 0xe1, 0x71, 0x5a, 0x45, 0x89, 0x33, 0x4c, 0x74, 0xc7,
  0xbc, 0x37, 0x36, 0xa2, 0xf4, 0xf6, 0x77, 0x9c, 0x59, 0xbd, 0xce, 0xe3, 0x6b, 0x69, 0x21, 0x53,
  0xd0, 0xa9, 0x87, 0x7c, 0xc6, 0x2a, 0x47, 0x40, 0x02, 0xdf, 0x32, 0xe5, 0x21, 0x39, 0xf0, 0xa0,
};

static char describe_buf[64];

static void choose(int portable) {
  sm2_ec = &sm2_ec_portable;
  sm2_select64 = sm2_select_portable;
  sm2_select96 = sm2_select96_portable;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  use_ifma = 0;
  if (!portable) {
    if (mima_cpu.bmi2 && mima_cpu.adx) sm2_ec = &sm2_ec_adx;
    if (mima_cpu.avx2) sm2_select64 = sm2_select_avx2, sm2_select96 = sm2_select96_avx2;
    if (mima_cpu.avx512f) sm2_select64 = sm2_select_avx512;
    /* cpu.h has no IFMA flag: asked here, only when AVX-512 was allowed (not forced portable). */
    use_ifma = mima_cpu.avx512f && mima_cpu.avx512ifma;
  }
  const char *sel = sm2_select64 == sm2_select_avx512 ? "avx512" : sm2_select64 == sm2_select_avx2 ? "avx2" : "portable";
#else
  const char *sel = "portable";
  (void)portable;
#endif
  strcpy(describe_buf, "field=");
  strcat(describe_buf, sm2_ec->name);
  strcat(describe_buf, " select=");
  strcat(describe_buf, sel);
  strcat(describe_buf, use_ifma ? " batch=avx512ifma-x8" : " batch=scalar");
}

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static int setup_status = SM2_ERR_INTERNAL;

static void setup_run(void) {
  const char *pool = getenv("MIMA_SM2_POOL");
  if (pool != NULL && strcmp(pool, "0") == 0) sm2_pools_enabled = 0;
  pthread_atfork(NULL, NULL, after_fork_in_child);
  choose(0);
  mima_sm3_setup();
  sm2_aff *tab = sm2_comb_table_new(&SM2_G);
  if (tab == NULL) {
    setup_status = SM2_ERR_MEM;
    return;
  }
  sm2_gtab = tab; /* lives for the process; public data */
  sm2_ec->odd_multiples_affine(sm2_g_odd, &SM2_G, SM2_ODD_MAX);
#ifdef SM2_HAVE_IFMA
  if (mima_cpu.avx512f && mima_cpu.avx512ifma) {
    gtab_ifma = aligned_alloc(64, sizeof(uint64_t) * SM2_IFMA_TABLE_WORDS);
    if (gtab_ifma != NULL) sm2_ifma_table_fill(gtab_ifma, tab);
  }
#endif
  if (gtab_ifma == NULL) use_ifma = 0;
  setup_status = SM2_OK;
}

uint64_t *sm2_ifma_table_new(const sm2_aff *tab) {
#ifdef SM2_HAVE_IFMA
  if (gtab_ifma == NULL) return NULL; /* no IFMA on this CPU */
  uint64_t *t = aligned_alloc(64, sizeof(uint64_t) * SM2_IFMA_TABLE_WORDS);
  if (t != NULL) sm2_ifma_table_fill(t, tab);
  return t;
#else
  (void)tab;
  return NULL;
#endif
}

int sm2_base_mul_batch(sm2_jac *J, const uint8_t *ks, size_t count) {
  return sm2_comb_batch(J, sm2_gtab, gtab_ifma, ks, count);
}

int sm2_comb_batch(sm2_jac *J, const sm2_aff *tab, const uint64_t *itab, const uint8_t *ks, size_t count) {
  size_t i = 0;
  int status = SM2_OK;
#ifdef SM2_HAVE_IFMA
  if (use_ifma && itab != NULL && count >= 2) {
    for (; i + 8 <= count; i += 8) sm2_ifma_comb8(J + i, itab, ks + 32 * i);
    if (i < count) {
      /* the last lanes: pad with k = 1 (public) and keep only the real results */
      uint8_t pad[8 * 32];
      sm2_jac out[8];
      memset(pad, 0, sizeof pad);
      for (size_t l = 0; l < 8; l++) pad[32 * l + 31] = 1;
      memcpy(pad, ks + 32 * i, 32 * (count - i));
      sm2_ifma_comb8(out, itab, pad);
      memcpy(J + i, out, sizeof(sm2_jac) * (count - i));
      mima_wipe(pad, sizeof pad);
      mima_wipe(out, sizeof out);
      i = count;
    }
  }
#endif
  for (; i < count; i++)
    if (!sm2_public_bit((unsigned long long)sm2_ec->comb_mul(&J[i], tab, ks + 32 * i))) status = SM2_ERR_INTERNAL;
  return status;
}

int sm2_setup(void) {
  pthread_once(&setup_once, setup_run);
  return setup_status;
}

void sm2_force_portable(int portable) { choose(portable); }

const char *sm2_describe(void) { return describe_buf; }

sm2_aff *sm2_comb_table_new(const sm2_aff *P) {
  sm2_aff *tab = aligned_alloc(64, sizeof(sm2_aff) * SM2_COMB_POINTS);
  sm2_jac *js = malloc(sizeof(sm2_jac) * SM2_COMB_POINTS);
  fe_t *fs = malloc(sizeof(fe_t) * SM2_COMB_POINTS);
  if (tab == NULL || js == NULL || fs == NULL) {
    free(tab);
    free(js);
    free(fs);
    return NULL;
  }
  sm2_ec->comb_build(tab, P, js, fs);
  free(js);
  free(fs);
  return tab;
}

/* getrandom(2) on Linux, retried on EINTR and partial reads; getentropy(3) elsewhere (at most
 * 256 bytes per call). */
static int os_random(uint8_t *out, size_t len) {
  while (len > 0) {
#if defined(__linux__)
    ssize_t n = getrandom(out, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return SM2_ERR_RAND;
    }
#else
    ssize_t n = (ssize_t)(len < 256 ? len : 256);
    if (getentropy(out, (size_t)n) != 0) return SM2_ERR_RAND;
#endif
    SM2_CLASSIFY(out, (size_t)n);
    out += n;
    len -= (size_t)n;
  }
  return SM2_OK;
}

int sm2_random_scalars(uint8_t *out, size_t count, const sc_t bound) {
  if (os_random(out, 32 * count) != SM2_OK) return SM2_ERR_RAND;
  for (size_t i = 0; i < count; i++) {
    /* A rejected draw reveals nothing about the accepted one (rejection sampling). */
    for (int attempt = 0;; attempt++) {
      sc_t v;
      sm2_sc_from_be(v, out + 32 * i);
      uint64_t ok = sm2_public_bit(sm2_sc_in_range(v, bound)); /* only a rejected draw is revealed */
      mima_wipe(v, sizeof v);
      if (ok) break;
      if (attempt == 63 || os_random(out + 32 * i, 32) != SM2_OK) {
        mima_wipe(out, 32 * count);
        return SM2_ERR_RAND;
      }
    }
  }
  return SM2_OK;
}

int sm2_private_valid(const uint8_t d[32]) {
  sc_t v;
  sm2_sc_from_be(v, d);
  uint64_t ok = sm2_public_bit(sm2_sc_in_range(v, SM2_N_MINUS_1)); /* an invalid key is an error */
  mima_wipe(v, sizeof v);
  return (int)ok;
}

void sm2_aff_to_bytes(uint8_t xy[64], const sm2_aff *P) {
  fe_t t;
  sm2_ec->fe_mul(t, P->x, FE_PLAIN_ONE);
  fe_to_be(xy, t);
  sm2_ec->fe_mul(t, P->y, FE_PLAIN_ONE);
  fe_to_be(xy + 32, t);
  mima_wipe(t, sizeof t);
}

void sm2_aff_from_bytes(sm2_aff *P, const uint8_t xy[64]) {
  fe_t t;
  fe_from_be(t, xy);
  sm2_ec->fe_mul(P->x, t, SM2_FE_R2);
  fe_from_be(t, xy + 32);
  sm2_ec->fe_mul(P->y, t, SM2_FE_R2);
}

/* x³ − 3x + b for x in the Montgomery domain. */
static void curve_rhs(fe_t r, const fe_t x) {
  fe_t t;
  sm2_ec->fe_sqr(t, x);
  sm2_ec->fe_mul(t, t, x);
  fe_sub(t, t, x);
  fe_sub(t, t, x);
  fe_sub(t, t, x);
  fe_add(r, t, SM2_FE_B);
}

int sm2_public_decode(uint8_t xy[64], const uint8_t *in, size_t len) {
  size_t off;
  int compressed = 0;
  if (len == 65 && in[0] == 4) off = 1;
  else if (len == 64) off = 0;
  else if (len == 33 && (in[0] == 2 || in[0] == 3)) off = 1, compressed = 1;
  else return 0;
  fe_t x, y, xm, ym, rhs, t;
  fe_from_be(x, in + off);
  if (!u256_less(x, P_LIMBS)) return 0;
  sm2_ec->fe_mul(xm, x, SM2_FE_R2);
  curve_rhs(rhs, xm);
  if (compressed) {
    /* p ≡ 3 (mod 4): y = rhs^((p+1)/4) when rhs is a square */
    if (!sm2_ec->fe_sqrt(ym, rhs)) return 0;
    sm2_ec->fe_mul(y, ym, FE_PLAIN_ONE);
    if ((y[0] & 1) != (uint64_t)(in[0] & 1)) fe_neg(y, y);
    memcpy(xy, in + 1, 32);
    fe_to_be(xy + 32, y);
    return 1;
  }
  fe_from_be(y, in + off + 32);
  if (!u256_less(y, P_LIMBS)) return 0;
  sm2_ec->fe_mul(ym, y, SM2_FE_R2);
  sm2_ec->fe_sqr(t, ym);
  if (!fe_equal(t, rhs)) return 0;
  memcpy(xy, in + off, 64);
  return 1;
}

/* xys = ds·G for up to SM2_CHUNK valid scalars, one inversion. */
static int base_muls(uint8_t *xys, const uint8_t *ks, size_t count) {
  sm2_jac J[SM2_CHUNK];
  sm2_aff A[SM2_CHUNK];
  fe_t scratch[SM2_CHUNK];
  int status = sm2_base_mul_batch(J, ks, count);
  if (status == SM2_OK) {
    sm2_ec->to_affine_batch(A, J, count, scratch);
    for (size_t i = 0; i < count; i++) sm2_aff_to_bytes(xys + 64 * i, &A[i]);
  }
  mima_wipe(J, sizeof(sm2_jac) * count);
  mima_wipe(A, sizeof(sm2_aff) * count);
  return status;
}

int sm2_public_keys(uint8_t *xys, const uint8_t *ds, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (!sm2_private_valid(ds + 32 * i)) return SM2_ERR_KEY;
  for (size_t i = 0; i < count; i += SM2_CHUNK) {
    size_t c = count - i < SM2_CHUNK ? count - i : SM2_CHUNK;
    int st = base_muls(xys + 64 * i, ds + 32 * i, c);
    if (st != SM2_OK) return st;
  }
  return SM2_OK;
}

int sm2_generate(uint8_t *ds, uint8_t *xys, size_t count, int given) {
  if (!given) {
    int st = sm2_random_scalars(ds, count, SM2_N_MINUS_1);
    if (st != SM2_OK) return st;
  }
  return sm2_public_keys(xys, ds, count);
}

#define SM2_KEYPOOL 32

struct sm2_keypool {
  unsigned n, gen;
  uint8_t d[SM2_KEYPOOL][32];
  uint8_t xy[SM2_KEYPOOL][64];
};

sm2_keypool *sm2_keypool_new(void) {
  sm2_keypool *kp = malloc(sizeof *kp);
  if (kp != NULL) kp->n = 0;
  return kp;
}

void sm2_keypool_free(sm2_keypool *kp) {
  if (kp == NULL) return;
  mima_wipe(kp, sizeof *kp);
  free(kp);
}

int sm2_keypool_take(sm2_keypool *kp, uint8_t *ds, uint8_t *xys, size_t count) {
  if (!sm2_pools_enabled) return sm2_generate(ds, xys, count, 0);
  if (kp->n > 0 && kp->gen != sm2_fork_generation) {
    mima_wipe(kp->d, sizeof kp->d); /* inherited across fork(): never hand out twice */
    kp->n = 0;
  }
  for (size_t i = 0; i < count; i++) {
    if (kp->n == 0) {
      int st = sm2_generate(&kp->d[0][0], &kp->xy[0][0], SM2_KEYPOOL, 0);
      if (st != SM2_OK) return st;
      kp->n = SM2_KEYPOOL;
      kp->gen = sm2_fork_generation;
    }
    unsigned j = --kp->n;
    memcpy(ds + 32 * i, kp->d[j], 32);
    memcpy(xys + 64 * i, kp->xy[j], 64);
    mima_wipe(kp->d[j], 32);
  }
  return SM2_OK;
}

void sm2_compute_z(uint8_t z[32], const uint8_t xy[64], const uint8_t *id, size_t idlen) {
  mima_sm3_ctx c;
  uint8_t entl[2] = {(uint8_t)((idlen * 8) >> 8), (uint8_t)(idlen * 8)};
  mima_sm3_init(&c);
  mima_sm3_update(&c, entl, 2);
  if (idlen > 0) mima_sm3_update(&c, id, idlen);
  mima_sm3_update(&c, Z_CURVE, sizeof Z_CURVE);
  mima_sm3_update(&c, xy, 64);
  mima_sm3_final(&c, z);
}
