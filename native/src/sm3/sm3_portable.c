/* The SM3 compression function CF (GM/T 0004-2012 §5.3) in portable C11.
 *
 * The 64 rounds are written out (sm3_rounds.h); the message expansion (§5.3.2) is interleaved
 * with the rounds over a 16-word window: W_{j+4} is computed just before round j needs
 * W'_j = W_j ^ W_{j+4}. */
#include "sm3_internal.h"
#include "sm3_rounds.h"

const uint32_t mima_sm3_IV[8] = {
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
};

const uint32_t mima_sm3_K[64] = {
  0x79cc4519, 0xf3988a32, 0xe7311465, 0xce6228cb, 0x9cc45197, 0x3988a32f, 0x7311465e, 0xe6228cbc,
  0xcc451979, 0x988a32f3, 0x311465e7, 0x6228cbce, 0xc451979c, 0x88a32f39, 0x11465e73, 0x228cbce6,
  0x9d8a7a87, 0x3b14f50f, 0x7629ea1e, 0xec53d43c, 0xd8a7a879, 0xb14f50f3, 0x629ea1e7, 0xc53d43ce,
  0x8a7a879d, 0x14f50f3b, 0x29ea1e76, 0x53d43cec, 0xa7a879d8, 0x4f50f3b1, 0x9ea1e762, 0x3d43cec5,
  0x7a879d8a, 0xf50f3b14, 0xea1e7629, 0xd43cec53, 0xa879d8a7, 0x50f3b14f, 0xa1e7629e, 0x43cec53d,
  0x879d8a7a, 0x0f3b14f5, 0x1e7629ea, 0x3cec53d4, 0x79d8a7a8, 0xf3b14f50, 0xe7629ea1, 0xcec53d43,
  0x9d8a7a87, 0x3b14f50f, 0x7629ea1e, 0xec53d43c, 0xd8a7a879, 0xb14f50f3, 0x629ea1e7, 0xc53d43ce,
  0x8a7a879d, 0x14f50f3b, 0x29ea1e76, 0x53d43cec, 0xa7a879d8, 0x4f50f3b1, 0x9ea1e762, 0x3d43cec5,
};

static inline uint32_t load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* One block per call: compiled as one loop with the state in registers across blocks, the
 * kernel lost ~100 ns per extra block on x86 (measured, GCC 12); the state goes through st. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static void compress1(uint32_t st[8], const uint8_t *p, uint32_t W[16]) {
  uint32_t A = st[0], B = st[1], C = st[2], D = st[3], E = st[4], F = st[5], G = st[6], H = st[7];
  for (int i = 0; i < 16; i++) W[i] = load_be32(p + 4 * i);
  SM3_ROUNDS_WINDOW(W, mima_sm3_K);
  SM3_FEED_FORWARD(st);
}

void mima_sm3_compress_portable(uint32_t st[8], const uint8_t *p, size_t nblocks) {
  uint32_t W[16];
  for (; nblocks > 0; nblocks--, p += 64) compress1(st, p, W);
  mima_sm3_burn(W, sizeof W);
}
