/* Scalar arithmetic modulo n (sc.h). */
#include "sc.h"

#include "../secure.h"

const sc_t SM2_N = {0x53bbf40939d54123ULL, 0x7203df6b21c6052bULL, 0xffffffffffffffffULL, 0xfffffffeffffffffULL};
const sc_t SM2_N_MINUS_1 = {0x53bbf40939d54122ULL, 0x7203df6b21c6052bULL, 0xffffffffffffffffULL, 0xfffffffeffffffffULL};
/* −n⁻¹ mod 2^64 and R² mod n. */
static const uint64_t N0 = 0x327f9e8872350975ULL;
static const sc_t N_R2 = {0x901192af7c114f20ULL, 0x3464504ade6fa2faULL, 0x620fc84c3affe0d4ULL, 0x1eb5e412a22b3d3bULL};

void sm2_sc_from_be(sc_t r, const uint8_t b[32]) { fe_from_be(r, b); }
void sm2_sc_to_be(uint8_t b[32], const sc_t a) { fe_to_be(b, a); }

uint64_t sm2_sc_is_zero(const sc_t a) { return fe_is_zero(a); }

uint64_t sm2_sc_in_range(const sc_t a, const sc_t bound) {
  return (sm2_sc_is_zero(a) ^ 1) & u256_less(a, bound);
}

/* r = (c·2^256 + t) − n if that is >= 0, else t. */
static void reduce_carry(sc_t r, const uint64_t t[4], uint64_t c) {
  uint64_t s[4], b = 0;
  for (int i = 0; i < 4; i++) b = sbb64(t[i], SM2_N[i], b, &s[i]);
  b = sbb64(c, 0, b, &c);
  uint64_t keep = fe_mask(b);
  for (int i = 0; i < 4; i++) r[i] = (t[i] & keep) | (s[i] & ~keep);
}

void sm2_sc_reduce_once(sc_t r, const sc_t a) { reduce_carry(r, a, 0); }

void sm2_sc_add(sc_t r, const sc_t a, const sc_t b) {
  uint64_t t[4], c = 0;
  for (int i = 0; i < 4; i++) c = adc64(a[i], b[i], c, &t[i]);
  reduce_carry(r, t, c);
}

void sm2_sc_sub(sc_t r, const sc_t a, const sc_t b) {
  uint64_t t[4], bw = 0, c = 0;
  for (int i = 0; i < 4; i++) bw = sbb64(a[i], b[i], bw, &t[i]);
  uint64_t m = fe_mask(bw);
  for (int i = 0; i < 4; i++) c = adc64(t[i], SM2_N[i] & m, c, &r[i]);
}

/* CIOS Montgomery multiplication; T < 2n after each step, one final subtraction. */
void sm2_sc_mont_mul(sc_t r, const sc_t a, const sc_t b) {
  uint64_t t[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 4; i++) {
    uint64_t c = 0;
    for (int j = 0; j < 4; j++) {
      u128 s = (u128)a[j] * b[i] + t[j] + c;
      t[j] = (uint64_t)s;
      c = (uint64_t)(s >> 64);
    }
    c = adc64(t[4], c, 0, &t[4]);
    t[5] = c;
    uint64_t m = t[0] * N0;
    u128 s = (u128)m * SM2_N[0] + t[0];
    c = (uint64_t)(s >> 64);
    for (int j = 1; j < 4; j++) {
      s = (u128)m * SM2_N[j] + t[j] + c;
      t[j - 1] = (uint64_t)s;
      c = (uint64_t)(s >> 64);
    }
    c = adc64(t[4], c, 0, &t[3]);
    t[4] = t[5] + c;
  }
  reduce_carry(r, t, t[4]);
  mima_wipe(t, sizeof t);
}

void sm2_sc_to_mont(sc_t r, const sc_t a) { sm2_sc_mont_mul(r, a, N_R2); }

/* n − 2, little-endian limbs, read 4 bits at a time from the top. */
static const sc_t N_MINUS_2 = {0x53bbf40939d54121ULL, 0x7203df6b21c6052bULL, 0xffffffffffffffffULL, 0xfffffffeffffffffULL};

void sm2_sc_mont_inv(sc_t r, const sc_t a_m) {
  sc_t tab[16], acc;
  /* tab[i] = a^i (Montgomery); tab[0] = 1·R */
  static const sc_t ONE = {1, 0, 0, 0};
  sm2_sc_to_mont(tab[0], ONE);
  for (int l = 0; l < 4; l++) tab[1][l] = a_m[l];
  for (int i = 2; i < 16; i++) sm2_sc_mont_mul(tab[i], tab[i - 1], a_m);
  for (int l = 0; l < 4; l++) acc[l] = tab[0][l];
  for (int w = 63; w >= 0; w--) {
    for (int s = 0; s < 4; s++) sm2_sc_mont_mul(acc, acc, acc);
    /* the window index is a digit of the public exponent: no secret-dependent access */
    unsigned nib = (unsigned)(N_MINUS_2[w / 16] >> (4 * (w % 16))) & 15;
    sm2_sc_mont_mul(acc, acc, tab[nib]);
  }
  for (int l = 0; l < 4; l++) r[l] = acc[l];
  mima_wipe(tab, sizeof tab);
  mima_wipe(acc, sizeof acc);
}
