/* SM4 on AVX-512VL + GFNI, 128-bit code: the key schedule and the serial modes (CBC
 * encryption, CFB encryption, OFB, CBC-MAC), one block at a time. See sm4_gfni_x128.h. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include "sm4_x512.h"

#define X128_ATTR X512_ATTR
#define XOR3(a, b, c) _mm_ternarylogic_epi32(a, b, c, 0x96)
#define X128(name) x512s_##name
#include "sm4_gfni_x128.h"

X512_ATTR void sm4_x512_expand(const uint8_t key[16], uint32_t rk[SM4_RK_WORDS], int dec) { x512s_expand(key, rk, dec); }
X512_ATTR void sm4_x512_ecb_small(const uint32_t *rk, const uint8_t *in, uint8_t *out, size_t n) {
  x512s_ecb_small(rk, in, out, n);
}
X512_ATTR void sm4_x512_cbc_enc(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  x512s_cbc_enc(rk, iv, in, out, n);
}
X512_ATTR void sm4_x512_cfb_enc(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  x512s_cfb_enc(rk, iv, in, out, n);
}
X512_ATTR void sm4_x512_ofb(const uint32_t *rk, uint8_t iv[16], const uint8_t *in, uint8_t *out, size_t n) {
  x512s_ofb(rk, iv, in, out, n);
}
X512_ATTR void sm4_x512_cbc_mac(const uint32_t *rk, uint8_t st[16], const uint8_t *in, size_t n) {
  x512s_cbc_mac(rk, st, in, n);
}

#endif
