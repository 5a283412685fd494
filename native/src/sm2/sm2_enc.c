/* SM2 public-key encryption (GM/T 0003.4-2012 = GB/T 32918.4-2016 §6–7):
 *   encrypt: k ∈ [1, n−1]; C1 = [k]G; (x2, y2) = [k]P; t = KDF(x2 ‖ y2, klen), new k while t is
 *            all zero; C2 = M ⊕ t; C3 = SM3(x2 ‖ M ‖ y2).
 *   decrypt: C1 on the curve; (x2, y2) = [d]C1; t = KDF(x2 ‖ y2, klen), reject an all-zero t;
 *            M' = C2 ⊕ t; accept iff SM3(x2 ‖ M' ‖ y2) = C3 (compared in constant time).
 * KDF (§5.4.3): t = SM3(Z ‖ ct_1) ‖ SM3(Z ‖ ct_2) ‖ … with a 32-bit big-endian counter from 1;
 * the SM3 state after Z = x2 ‖ y2 (one 64-byte block) is computed once and cloned per block. */
#include <string.h>

#include "../secure.h"
#include "../sm3/sm3.h"
#include "ct.h"
#include "sm2_internal.h"

/* out[i] = in[i] ⊕ KDF(xy)[i] for i < len; returns 1 if the KDF output was all zero. */
static int kdf_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t xy[64]) {
  mima_sm3_ctx base, c;
  uint8_t block[32], acc = 0;
  uint32_t ct = 1;
  mima_sm3_init(&base);
  mima_sm3_update(&base, xy, 64);
  for (size_t off = 0; off < len; off += 32, ct++) {
    uint8_t cb[4] = {(uint8_t)(ct >> 24), (uint8_t)(ct >> 16), (uint8_t)(ct >> 8), (uint8_t)ct};
    c = base;
    mima_sm3_update(&c, cb, 4);
    mima_sm3_final(&c, block);
    size_t n = len - off < 32 ? len - off : 32;
    for (size_t i = 0; i < n; i++) {
      acc |= block[i];
      out[off + i] = in[off + i] ^ block[i];
    }
  }
  mima_wipe(&base, sizeof base);
  mima_wipe(block, sizeof block);
  return (int)(1 & ((uint32_t)(acc - 1) >> 8)); /* acc == 0, without a branch; the caller
                                                 * declassifies it (a k to replace, or a failure) */
}

/* SM3(x2 ‖ M ‖ y2). */
static void c3_hash(uint8_t out[32], const uint8_t xy[64], const uint8_t *m, size_t len) {
  mima_sm3_ctx c;
  mima_sm3_init(&c);
  mima_sm3_update(&c, xy, 32);
  mima_sm3_update(&c, m, len);
  mima_sm3_update(&c, xy + 32, 32);
  mima_sm3_final(&c, out);
}

/* One attempt with scalar k: 0 done, SM2_RETRY (all-zero KDF output), or an error. */
static int encrypt_with(const sm2_verifier *v, const uint8_t *m, size_t mlen, int order, const uint8_t k[32], uint8_t *out) {
  sm2_jac J[2];
  sm2_aff A[2];
  fe_t scratch[2];
  uint8_t xy1[64], xy2[64];
  int ok = sm2_ec->comb_mul(&J[0], sm2_gtab, k);
  ok &= v->tab != NULL ? sm2_ec->comb_mul(&J[1], v->tab, k) : sm2_ec->win_mul(&J[1], &v->P, k);
  if (!sm2_public_bit((unsigned long long)ok)) {
    mima_wipe(J, sizeof J);
    return SM2_ERR_INTERNAL;
  }
  /* h = 1: [h]P ≠ O for every valid public key */
  sm2_ec->to_affine_batch(A, J, 2, scratch);
  sm2_aff_to_bytes(xy1, &A[0]);
  sm2_aff_to_bytes(xy2, &A[1]);
  mima_wipe(J, sizeof J);
  mima_wipe(A, sizeof A);
  uint8_t *c1 = out, *c3 = order == SM2_C1C3C2 ? out + 65 : out + 65 + mlen;
  uint8_t *c2 = order == SM2_C1C3C2 ? out + 97 : out + 65;
  int zero = (int)sm2_public_bit((unsigned long long)kdf_xor(c2, m, mlen, xy2));
  if (zero) {
    mima_wipe(xy2, sizeof xy2);
    memset(c2, 0, mlen);
    return SM2_RETRY;
  }
  c1[0] = 4;
  memcpy(c1 + 1, xy1, 64);
  c3_hash(c3, xy2, m, mlen);
  mima_wipe(xy2, sizeof xy2);
  return SM2_OK;
}

int sm2_encrypt(const sm2_verifier *v, const uint8_t *m, size_t mlen, int order, const uint8_t *k, uint8_t *out) {
  if (k != NULL) {
    sc_t kv;
    sm2_sc_from_be(kv, k);
    uint64_t in = sm2_public_bit(sm2_sc_in_range(kv, SM2_N));
    mima_wipe(kv, sizeof kv);
    if (!in) return SM2_ERR_ARG;
    return encrypt_with(v, m, mlen, order, k, out);
  }
  uint8_t own[32];
  int st = SM2_RETRY;
  for (int attempt = 0; attempt < 64 && st == SM2_RETRY; attempt++) {
    st = sm2_random_scalars(own, 1, SM2_N);
    if (st == SM2_OK) st = encrypt_with(v, m, mlen, order, own, out);
  }
  mima_wipe(own, sizeof own);
  return st == SM2_RETRY ? SM2_ERR_RAND : st;
}

int sm2_decrypt(const uint8_t d[32], const uint8_t *ct, size_t ctlen, int order, uint8_t *m) {
  if (!sm2_private_valid(d)) return SM2_ERR_KEY;
  if (ctlen < 65 + 32 + 1 || ct[0] != 4) return SM2_ERR_DECRYPT;
  uint8_t xy1[64], xy2[64], u[32];
  if (!sm2_public_decode(xy1, ct, 65)) return SM2_ERR_DECRYPT;
  size_t mlen = ctlen - 97;
  const uint8_t *c3 = order == SM2_C1C3C2 ? ct + 65 : ct + ctlen - 32;
  const uint8_t *c2 = order == SM2_C1C3C2 ? ct + 97 : ct + 65;
  sm2_aff C1, S;
  sm2_jac J;
  fe_t scratch[1];
  sm2_aff_from_bytes(&C1, xy1);
  if (!sm2_public_bit((unsigned long long)sm2_ec->win_mul(&J, &C1, d))) return SM2_ERR_INTERNAL;
  sm2_ec->to_affine_batch(&S, &J, 1, scratch);
  sm2_aff_to_bytes(xy2, &S);
  mima_wipe(&J, sizeof J);
  mima_wipe(&S, sizeof S);
  int zero = kdf_xor(m, c2, mlen, xy2);
  c3_hash(u, xy2, m, mlen);
  int ok = (int)sm2_public_bit((unsigned long long)(mima_ct_equal(u, c3, 32) & (zero ^ 1))); /* the verdict */
  mima_wipe(xy2, sizeof xy2);
  mima_wipe(u, sizeof u);
  if (!ok) {
    mima_wipe(m, mlen);
    return SM2_ERR_DECRYPT;
  }
  return SM2_OK;
}
