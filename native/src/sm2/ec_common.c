/* Constants of sm2p256v1 in the Montgomery domain (R = 2^256), the signed-digit recoding, and
 * the portable constant-time table readers. */
#include "ec.h"

const fe_t SM2_FE_ONE = {0x0000000000000001ULL, 0x00000000ffffffffULL, 0x0000000000000000ULL, 0x0000000100000000ULL};
const fe_t SM2_FE_B = {0x90d230632bc0dd42ULL, 0x71cf379ae9b537abULL, 0x527981505ea51c3cULL, 0x240fe188ba20e2c8ULL};
const fe_t SM2_FE_R2 = {0x0000000200000003ULL, 0x00000002ffffffffULL, 0x0000000100000001ULL, 0x0000000400000002ULL};
/* G of GM/T 0003.5-2012 §5.1, times R mod p. */
const sm2_aff SM2_G = {
  {0x61328990f418029eULL, 0x3e7981eddca6c050ULL, 0xd6a1ed99ac24c3c3ULL, 0x91167a5ee1c13b05ULL},
  {0xc1354e593c2d0dddULL, 0xc1f5e5788d3295faULL, 0x8d4cfb066e2a48f8ULL, 0x63cd65d481d735bdULL},
};

const sm2_ec_ops *sm2_ec = &sm2_ec_portable;
sm2_select_fn sm2_select64 = sm2_select_portable;
sm2_select_fn sm2_select96 = sm2_select96_portable;

/* Bits [pos, pos + w) of the 256-bit little-endian limbs v (0 beyond bit 255); pos and w are
 * public, so the branches here do not depend on the scalar. */
static inline uint64_t bits_at(const uint64_t v[4], unsigned pos, unsigned w) {
  if (pos >= 256) return 0;
  unsigned l = pos >> 6, o = pos & 63;
  uint64_t x = v[l] >> o;
  if (o + w > 64 && l + 1 < 4) x |= v[l + 1] << (64 - o);
  return x & ((1ULL << w) - 1);
}

void sm2_recode(int8_t *digits, unsigned count, unsigned w, const uint8_t k[32]) {
  uint64_t v[4];
  uint64_t carry = 0, half = 1ULL << (w - 1);
  fe_from_be(v, k);
  for (unsigned j = 0; j < count; j++) {
    uint64_t x = bits_at(v, w * j, w) + carry;
    carry = (x + half - 1) >> w;
    digits[j] = (int8_t)(int64_t)(x - (carry << w));
  }
  v[0] = v[1] = v[2] = v[3] = 0;
  fe_barrier(v[0]);
}

/* All-ones if a = b, else 0. */
static inline uint64_t eq_mask(uint64_t a, uint64_t b) {
  uint64_t x = a ^ b;
  return fe_barrier(((x | (0 - x)) >> 63) - 1);
}

void sm2_select_portable(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx) {
  uint64_t acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (unsigned i = 0; i < n; i++) {
    uint64_t m = eq_mask(i + 1, idx);
    for (int l = 0; l < 8; l++) acc[l] |= entries[8 * i + l] & m;
  }
  for (int l = 0; l < 8; l++) out[l] = acc[l];
}

void sm2_select96_portable(uint64_t *out, const uint64_t *entries, unsigned n, uint64_t idx) {
  uint64_t acc[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (unsigned i = 0; i < n; i++) {
    uint64_t m = eq_mask(i + 1, idx);
    for (int l = 0; l < 12; l++) acc[l] |= entries[12 * i + l] & m;
  }
  for (int l = 0; l < 12; l++) out[l] = acc[l];
}
