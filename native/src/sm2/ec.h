/* Points of sm2p256v1 (GM/T 0003.5-2012 §5.1: y² = x³ − 3x + b over GF(p), prime order n, h = 1)
 * and the scalar multiplications, behind a table of function pointers chosen once at start-up:
 * the same algorithms (ec_impl.inc) are compiled twice, over the portable field arithmetic
 * (ec_portable.c) and over the BMI2/ADX one (ec_adx.c, target attribute per function).
 *
 * Coordinates are in the Montgomery domain, fully reduced. Jacobian (X, Y, Z) stands for
 * (X/Z², Y/Z³); Z = 0 is the point at infinity.
 *
 * Secret scalars go through comb_mul (fixed base, precomputed comb table) and win_mul (variable
 * base, fixed signed windows): constant time, every table entry read and selected by masks
 * (select64/select96 below), no branch on the scalar. The *_vartime functions are for public
 * scalars (verification) only.
 */
#ifndef MIMA_SM2_EC_H
#define MIMA_SM2_EC_H

#include <stddef.h>
#include <stdint.h>

#include "fe.h"

typedef struct { fe_t X, Y, Z; } sm2_jac;
typedef struct { fe_t x, y; } sm2_aff; /* 64 bytes: one table entry */

/* The comb: signed 7-bit digits (Booth recoding), 37 windows of 64 entries
 * entry (j, i) = (i + 1)·2^(7j)·B, affine. 151,552 bytes per table. For 1 <= k < n no addition
 * of the comb meets P = ±Q: every partial sum of the lower windows is smaller than the smallest
 * multiple the next window adds, and in the top window the only candidates k ≡ 2·d·2^252
 * (mod n) do not recode to top digit d (checked for every d by .build/ tools, and by the tests
 * on the edge scalars). */
#define SM2_COMB_W 7
#define SM2_COMB_WINDOWS 37
#define SM2_COMB_ENTRIES 64
#define SM2_COMB_POINTS (SM2_COMB_WINDOWS * SM2_COMB_ENTRIES)

/* Variable-base windows: signed 5-bit digits, 52 windows, table 1P..16P (Jacobian). */
#define SM2_WIN_W 5
#define SM2_WIN_WINDOWS 52
#define SM2_WIN_ENTRIES 16

/* Odd-multiple tables for verification: at most 64 entries (width-8 NAF). */
#define SM2_ODD_MAX 64
#define SM2_G_ODD_W 8
#define SM2_P_ODD_W 7

/* Constant-time table reads: out = entry idx−1 of n entries (64 or 96 bytes each), or all
 * zeros for idx = 0; every entry is loaded and combined by masks. */
typedef void (*sm2_select_fn)(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx);

typedef struct {
  const char *name;
  void (*fe_mul)(fe_t r, const fe_t a, const fe_t b);
  void (*fe_sqr)(fe_t r, const fe_t a);
  /* a^(p−2): Fermat inversion, constant time (0 maps to 0). */
  void (*fe_inv)(fe_t r, const fe_t a);
  /* a^((p+1)/4); returns 1 if that is a square root of a (p ≡ 3 mod 4). */
  int (*fe_sqrt)(fe_t r, const fe_t a);
  /* Comb table of the affine point P (not infinity) into tab[SM2_COMB_POINTS]; jscratch and
   * fscratch hold SM2_COMB_POINTS Jacobian points and field elements. */
  void (*comb_build)(sm2_aff *tab, const sm2_aff *P, sm2_jac *jscratch, fe_t *fscratch);
  /* r = k·B for a 32-byte big-endian k, constant time. Returns 1 when r is right (always for
   * 0 <= k < n; k = 0 gives infinity), 0 when an exceptional addition occurred. */
  int (*comb_mul)(sm2_jac *r, const sm2_aff *tab, const uint8_t k[32]);
  void (*comb_mul_vartime)(sm2_jac *r, const sm2_aff *tab, const uint8_t k[32]);
  /* r = k·P, constant time; same return convention as comb_mul. */
  int (*win_mul)(sm2_jac *r, const sm2_aff *P, const uint8_t k[32]);
  /* out[i] = (2i + 1)·P for i < count <= SM2_ODD_MAX, affine (public P only). */
  void (*odd_multiples_affine)(sm2_aff *out, const sm2_aff *P, unsigned count);
  /* r = s·G + t·P for public s, t (gtab: odd multiples of G, width 8; ptab: odd multiples of P
   * for width wp, or NULL). */
  void (*double_mul_vartime)(sm2_jac *r, const uint8_t s[32], const sm2_aff *gtab, const uint8_t t[32],
                             const sm2_aff *P, const sm2_aff *ptab, unsigned wp);
  /* r = a + b, complete (branches: public inputs only). */
  void (*add_vartime)(sm2_jac *r, const sm2_jac *a, const sm2_jac *b);
  /* out[i] = in[i] in affine coordinates with one constant-time inversion (Montgomery's trick);
   * every in[i].Z must be nonzero. scratch holds n field elements. */
  void (*to_affine_batch)(sm2_aff *out, const sm2_jac *in, size_t n, fe_t *scratch);
} sm2_ec_ops;

extern const sm2_ec_ops sm2_ec_portable;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
extern const sm2_ec_ops sm2_ec_adx;
#endif

/* The active implementation and table readers (sm2.c chooses them once, from mima_cpu). */
extern const sm2_ec_ops *sm2_ec;
extern sm2_select_fn sm2_select64;
extern sm2_select_fn sm2_select96;

void sm2_select_portable(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx);
void sm2_select96_portable(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
void sm2_select_avx2(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx);
void sm2_select96_avx2(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx);
void sm2_select_avx512(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx);
#endif

/* Montgomery-domain constants. */
extern const fe_t SM2_FE_ONE;  /* R mod p */
extern const fe_t SM2_FE_B;    /* b·R mod p */
extern const fe_t SM2_FE_R2;   /* R² mod p, to enter the domain */
extern const sm2_aff SM2_G;    /* the base point */

/* Signed-digit recoding of a 32-byte big-endian scalar into `count` digits of w bits each,
 * digits in [−2^(w−1) + 1, 2^(w−1)]; positions depend only on w, values computed without
 * branches (constant time). */
void sm2_recode(int8_t *digits, unsigned count, unsigned w, const uint8_t k[32]);

#endif
