/* The eight-lane IFMA comb (ifma.h). Every function carries the target attribute; sm2_core.c
 * calls them only when the CPU has AVX-512F and AVX-512 IFMA.
 *
 * Arithmetic (per lane): a Montgomery multiplication with R' = 2^260 interleaves, for each limb
 * b_i, the products a·b_i and m·p with m = t_i mod 2^52 (−p⁻¹ ≡ 1 mod 2^52 since p ≡ −1 mod 2^64),
 * then shifts one limb. Inputs below 2p give an output below (2p)²/2^260 + p < 2p. Additions and
 * subtractions normalise the limbs (arithmetic shifts carry the signs) and subtract 2p when the
 * result reaches it, so every value stays below 2p with 52-bit limbs, as the multiplier needs.
 */
#include "ifma.h"

#ifdef SM2_HAVE_IFMA
#include <immintrin.h>
#include <string.h>

#include "../secure.h"

#define IFMA_FN __attribute__((target("avx512f,avx512ifma")))
#define MASK52 0xfffffffffffffULL

typedef struct { __m512i v[5]; } fe8;

static const uint64_t P52[5] = {0xfffffffffffffULL, 0xff00000000fffULL, 0xfffffffffffffULL, 0xfffffffffffffULL, 0x0fffffffeffffULL};
static const uint64_t P52X2[5] = {0xffffffffffffeULL, 0xfe00000001fffULL, 0xfffffffffffffULL, 0xfffffffffffffULL, 0x1fffffffdffffULL};
/* R' mod p = 2^260 mod p: the Montgomery form of 1. */
static const uint64_t ONE52[5] = {0x10ULL, 0x0ffffffff0000ULL, 0, 0, 0x100000ULL};
/* 16·2^256 mod p in the R = 2^256 domain: multiplying by it moves an entry to R' = 2^260. */
static const fe_t C16 = {0x0000000000000010ULL, 0x0000000ffffffff0ULL, 0, 0x0000001000000000ULL};

IFMA_FN static inline __m512i bc(uint64_t x) { return _mm512_set1_epi64((long long)x); }

/* Carries limb j's excess into limb j + 1 (arithmetic shift: limbs may be negative). */
IFMA_FN static inline void norm(fe8 *a) {
  const __m512i m = bc(MASK52);
  for (int j = 0; j < 4; j++) {
    a->v[j + 1] = _mm512_add_epi64(a->v[j + 1], _mm512_srai_epi64(a->v[j], 52));
    a->v[j] = _mm512_and_si512(a->v[j], m);
  }
}

/* a (normalised, in [0, 4p)) − 2p when that is >= 0. */
IFMA_FN static inline void sub2p_if(fe8 *a) {
  fe8 d;
  for (int j = 0; j < 5; j++) d.v[j] = _mm512_sub_epi64(a->v[j], bc(P52X2[j]));
  norm(&d);
  __mmask8 neg = _mm512_cmplt_epi64_mask(d.v[4], _mm512_setzero_si512());
  for (int j = 0; j < 5; j++) a->v[j] = _mm512_mask_blend_epi64(neg, d.v[j], a->v[j]);
}

IFMA_FN static inline void add8(fe8 *r, const fe8 *a, const fe8 *b) {
  for (int j = 0; j < 5; j++) r->v[j] = _mm512_add_epi64(a->v[j], b->v[j]);
  norm(r);
  sub2p_if(r);
}

/* r = a − b + 2p, reduced below 2p. */
IFMA_FN static inline void sub8(fe8 *r, const fe8 *a, const fe8 *b) {
  for (int j = 0; j < 5; j++) r->v[j] = _mm512_add_epi64(_mm512_sub_epi64(a->v[j], b->v[j]), bc(P52X2[j]));
  norm(r);
  sub2p_if(r);
}

IFMA_FN static inline void mul8(fe8 *r, const fe8 *a, const fe8 *b) {
  __m512i t[11];
  for (int j = 0; j < 11; j++) t[j] = _mm512_setzero_si512();
  for (int i = 0; i < 5; i++) {
    const __m512i bi = b->v[i];
    for (int j = 0; j < 5; j++) {
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], a->v[j], bi);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a->v[j], bi);
    }
    const __m512i m = _mm512_and_si512(t[i], bc(MASK52));
    for (int j = 0; j < 5; j++) {
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], bc(P52[j]), m);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], bc(P52[j]), m);
    }
    t[i + 1] = _mm512_add_epi64(t[i + 1], _mm512_srli_epi64(t[i], 52));
  }
  for (int j = 0; j < 5; j++) r->v[j] = t[5 + j];
  norm(r);
}

/* Jacobian + affine (madd-2004-hmv, 8M + 3S), incomplete: the comb never meets P = ±Q. */
IFMA_FN static void madd8(fe8 *X, fe8 *Y, fe8 *Z, const fe8 *x2, const fe8 *y2) {
  fe8 t1, t2, h, rr, t3, t4, x3;
  mul8(&t1, Z, Z);
  mul8(&t2, &t1, Z);
  mul8(&t1, &t1, x2);
  mul8(&t2, &t2, y2);
  sub8(&h, &t1, X);
  sub8(&rr, &t2, Y);
  mul8(Z, Z, &h);
  mul8(&t4, &h, &h);
  mul8(&t3, &t4, &h);
  mul8(&t4, &t4, X);
  mul8(&t1, &rr, &rr);
  sub8(&t1, &t1, &t3);
  sub8(&t1, &t1, &t4);
  sub8(&x3, &t1, &t4);
  sub8(&t4, &t4, &x3);
  mul8(&t4, &t4, &rr);
  mul8(&t3, &t3, Y);
  sub8(Y, &t4, &t3);
  *X = x3;
}

/* Lane i gets entry idx_i (0..63) of the 64 values at w (8 zmm); constant time. */
IFMA_FN static inline __m512i pick64(const uint64_t *w, __m512i idx, __mmask8 b4, __mmask8 b5) {
  __m512i r0 = _mm512_permutex2var_epi64(_mm512_load_si512(w), idx, _mm512_load_si512(w + 8));
  __m512i r1 = _mm512_permutex2var_epi64(_mm512_load_si512(w + 16), idx, _mm512_load_si512(w + 24));
  __m512i r2 = _mm512_permutex2var_epi64(_mm512_load_si512(w + 32), idx, _mm512_load_si512(w + 40));
  __m512i r3 = _mm512_permutex2var_epi64(_mm512_load_si512(w + 48), idx, _mm512_load_si512(w + 56));
  __m512i lo = _mm512_mask_blend_epi64(b4, r0, r1), hi = _mm512_mask_blend_epi64(b4, r2, r3);
  return _mm512_mask_blend_epi64(b5, lo, hi);
}

/* 52-bit limbs of a 256-bit little-endian value. */
static void to52(uint64_t out[5], const uint64_t v[4]) {
  out[0] = v[0] & MASK52;
  out[1] = ((v[0] >> 52) | (v[1] << 12)) & MASK52;
  out[2] = ((v[1] >> 40) | (v[2] << 24)) & MASK52;
  out[3] = ((v[2] >> 28) | (v[3] << 36)) & MASK52;
  out[4] = v[3] >> 16;
}

void sm2_ifma_table_fill(uint64_t *itab, const sm2_aff *tab) {
  for (unsigned j = 0; j < SM2_COMB_WINDOWS; j++) {
    for (unsigned e = 0; e < SM2_COMB_ENTRIES; e++) {
      const sm2_aff *a = &tab[j * SM2_COMB_ENTRIES + e];
      fe_t x, y;
      uint64_t lx[5], ly[5];
      /* R-domain (2^256) to R'-domain (2^260): a·16·2^256·2^−256 */
      fe_mul_port(x, a->x, C16);
      fe_mul_port(y, a->y, C16);
      to52(lx, x);
      to52(ly, y);
      for (int l = 0; l < 5; l++) {
        itab[(j * 10 + l) * SM2_COMB_ENTRIES + e] = lx[l];
        itab[(j * 10 + 5 + l) * SM2_COMB_ENTRIES + e] = ly[l];
      }
    }
  }
}

/* Lane values (below 2p, R' domain) to reduced R-domain limbs: multiply by 2^256 mod p. */
IFMA_FN static void out8(fe_t out[8], const fe8 *a) {
  fe8 c, r;
  uint64_t c52[5], lanes[5][8];
  to52(c52, SM2_FE_ONE); /* 2^256 mod p */
  for (int j = 0; j < 5; j++) c.v[j] = bc(c52[j]);
  mul8(&r, a, &c);
  for (int j = 0; j < 5; j++) _mm512_storeu_si512(lanes[j], r.v[j]);
  for (int i = 0; i < 8; i++) {
    uint64_t l[5] = {lanes[0][i], lanes[1][i], lanes[2][i], lanes[3][i], lanes[4][i]};
    uint64_t t0 = l[0] | (l[1] << 52), t1 = (l[1] >> 12) | (l[2] << 40), t2 = (l[2] >> 24) | (l[3] << 28);
    uint64_t t3 = (l[3] >> 36) | (l[4] << 16), top = l[4] >> 48;
    fe_reduce_once(out[i], t0, t1, t2, t3, top);
  }
  mima_wipe(lanes, sizeof lanes);
}

IFMA_FN void sm2_ifma_comb8(sm2_jac r[8], const uint64_t *itab, const uint8_t *ks) {
  int8_t d[8][SM2_COMB_WINDOWS];
  int64_t dj[SM2_COMB_WINDOWS][8] __attribute__((aligned(64)));
  for (int i = 0; i < 8; i++) sm2_recode(d[i], SM2_COMB_WINDOWS, SM2_COMB_W, ks + 32 * i);
  for (unsigned j = 0; j < SM2_COMB_WINDOWS; j++)
    for (int i = 0; i < 8; i++) dj[j][i] = d[i][j];
  fe8 X, Y, Z, x, y, ny, one;
  for (int j = 0; j < 5; j++) {
    X.v[j] = Y.v[j] = Z.v[j] = _mm512_setzero_si512();
    one.v[j] = bc(ONE52[j]);
  }
  __mmask8 inf = 0xff;
  const __m512i zero = _mm512_setzero_si512();
  for (unsigned j = 0; j < SM2_COMB_WINDOWS; j++) {
    __m512i dv = _mm512_load_si512(dj[j]);
    __m512i abs = _mm512_abs_epi64(dv);
    __mmask8 neg = _mm512_cmplt_epi64_mask(dv, zero), isz = _mm512_cmpeq_epi64_mask(dv, zero);
    __m512i idx = _mm512_sub_epi64(abs, bc(1));
    __mmask8 b4 = _mm512_test_epi64_mask(idx, bc(16)), b5 = _mm512_test_epi64_mask(idx, bc(32));
    const uint64_t *w = itab + (size_t)j * 10 * SM2_COMB_ENTRIES;
    for (int l = 0; l < 5; l++) {
      x.v[l] = pick64(w + l * SM2_COMB_ENTRIES, idx, b4, b5);
      y.v[l] = pick64(w + (5 + l) * SM2_COMB_ENTRIES, idx, b4, b5);
    }
    /* −y = 2p − y (below 2p for y ≠ 0, which no table point has) */
    for (int l = 0; l < 5; l++) ny.v[l] = _mm512_sub_epi64(bc(P52X2[l]), y.v[l]);
    norm(&ny);
    for (int l = 0; l < 5; l++) y.v[l] = _mm512_mask_blend_epi64(neg, y.v[l], ny.v[l]);
    fe8 sX = X, sY = Y, sZ = Z;
    madd8(&sX, &sY, &sZ, &x, &y);
    for (int l = 0; l < 5; l++) {
      /* an empty accumulator takes the table point; a zero digit keeps the accumulator */
      sX.v[l] = _mm512_mask_blend_epi64(inf, sX.v[l], x.v[l]);
      sY.v[l] = _mm512_mask_blend_epi64(inf, sY.v[l], y.v[l]);
      sZ.v[l] = _mm512_mask_blend_epi64(inf, sZ.v[l], one.v[l]);
      X.v[l] = _mm512_mask_blend_epi64(isz, sX.v[l], X.v[l]);
      Y.v[l] = _mm512_mask_blend_epi64(isz, sY.v[l], Y.v[l]);
      Z.v[l] = _mm512_mask_blend_epi64(isz, sZ.v[l], Z.v[l]);
    }
    inf &= isz;
  }
  fe_t ox[8], oy[8], oz[8];
  out8(ox, &X);
  out8(oy, &Y);
  out8(oz, &Z);
  for (int i = 0; i < 8; i++) {
    fe_copy(r[i].X, ox[i]);
    fe_copy(r[i].Y, oy[i]);
    fe_copy(r[i].Z, oz[i]);
  }
  mima_wipe(d, sizeof d); mima_wipe(dj, sizeof dj);
  mima_wipe(ox, sizeof ox); mima_wipe(oy, sizeof oy); mima_wipe(oz, sizeof oz);
  mima_wipe(&X, sizeof X); mima_wipe(&Y, sizeof Y); mima_wipe(&Z, sizeof Z);
  mima_wipe(&x, sizeof x); mima_wipe(&y, sizeof y); mima_wipe(&ny, sizeof ny);
}
#endif
