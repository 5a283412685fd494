/* SM2 on sm2p256v1 for the Node-API glue (napi_sm2.cc): key generation and validation
 * (GM/T 0003.1-2012 §6), signatures (GM/T 0003.2 §6–7), encryption (GM/T 0003.4 §6–7), Z_A
 * (GM/T 0003.2 §5.5). Byte strings in and out: scalars are 32-byte big-endian, points x‖y (64
 * bytes) unless said otherwise.
 *
 * Randomness: scalars k and d come from getrandom(2) by rejection sampling, unless the caller
 * passes them in (the fixed-k test hook: then no retry happens here, SM2_RETRY asks the caller
 * for another k, exactly where GM/T 0003 says to pick a new one).
 *
 * Secrets (d, k, (1 + d)⁻¹, the shared point of encryption) live in caller-owned memory or in
 * the malloc'd key objects, which sm2_*_free wipe; stack temporaries are wiped before return.
 */
#ifndef MIMA_SM2_H
#define MIMA_SM2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
  SM2_OK = 0,
  SM2_ERR_KEY = 1,     /* invalid private or public key */
  SM2_RETRY = 2,       /* the given k must be replaced (r = 0, r + k = n, s = 0, KDF all zero) */
  SM2_ERR_RAND = 3,    /* the OS random source failed, or 64 draws in a row were unusable */
  SM2_ERR_ARG = 4,     /* a given scalar k is outside [1, n − 1] */
  SM2_ERR_DECRYPT = 5, /* decryption failed (any defect of the ciphertext) */
  SM2_ERR_MEM = 6,
  SM2_ERR_INTERNAL = 7 /* an exceptional point addition (not reachable for valid inputs) */
};

enum { SM2_C1C3C2 = 0, SM2_C1C2C3 = 1 };

/* Chooses the arithmetic for this CPU and builds the comb table of G (once per process). */
int sm2_setup(void);
/* Test hook: 1 = portable C arithmetic and table reads, 0 = the best for this CPU. */
void sm2_force_portable(int portable);
/* "bmi2+adx/avx512" style description of the paths in use. */
const char *sm2_describe(void);

/* 1 if d encodes 1 <= d <= n − 2 (constant time). */
int sm2_private_valid(const uint8_t d[32]);

/* Decodes and validates a public key: 04‖x‖y (65 bytes), x‖y (64), 02/03‖x (33); x, y < p and
 * on the curve. Writes x‖y into xy. Returns 1 on success. */
int sm2_public_decode(uint8_t xy[64], const uint8_t *in, size_t len);

/* xys[64·i] = d_i·G for count valid private keys (SM2_ERR_KEY if any is invalid). */
int sm2_public_keys(uint8_t *xys, const uint8_t *ds, size_t count);

/* count key pairs: ds[32·i] (d uniform in [1, n − 2]) and xys[64·i]; with given = 1 the ds are
 * inputs (each must be valid). One shared inversion for all of them. */
int sm2_generate(uint8_t *ds, uint8_t *xys, size_t count, int given);

/* A pool of key pairs generated SM2_KEYPOOL at a time (IFMA lanes, one inversion) and handed
 * out one by one, each slot wiped as it is taken; a forked child discards what it inherited.
 * Disabled (sm2_keypool_take generates directly) when MIMA_SM2_POOL=0. */
typedef struct sm2_keypool sm2_keypool;
sm2_keypool *sm2_keypool_new(void);
void sm2_keypool_free(sm2_keypool *kp);
/* count pairs into ds[32·i], xys[64·i]. */
int sm2_keypool_take(sm2_keypool *kp, uint8_t *ds, uint8_t *xys, size_t count);

/* Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ x ‖ y) (idlen < 8192). */
void sm2_compute_z(uint8_t z[32], const uint8_t xy[64], const uint8_t *id, size_t idlen);

typedef struct sm2_signer sm2_signer;
/* Loads d (valid) with its public key xy (NULL: computed) and Z for the ID. NULL on bad key
 * (*err = SM2_ERR_KEY) or out of memory. */
sm2_signer *sm2_signer_new(const uint8_t d[32], const uint8_t *xy, const uint8_t *id, size_t idlen, int *err);
void sm2_signer_free(sm2_signer *s);
const uint8_t *sm2_signer_public(const sm2_signer *s); /* x‖y */
/* Signatures r‖s of count digests (32 bytes each) into sigs; ks (32·count) given or NULL.
 * With ks given, an item that needs a new k gets an all-zero signature and the call returns
 * SM2_RETRY after finishing the others. Without, fewer than 8 digests are signed with pairs
 * (k, k·G) from the signer's pool, refilled 32 at a time. */
int sm2_sign_digests(sm2_signer *s, const uint8_t *es, size_t count, const uint8_t *ks, uint8_t *sigs);
/* e = SM3(Z ‖ msg), then as sm2_sign_digests for one item. */
int sm2_sign_message(sm2_signer *s, const uint8_t *msg, size_t len, const uint8_t *k, uint8_t sig[64]);

typedef struct sm2_verifier sm2_verifier;
/* A decoded public key (any accepted encoding), its Z for the ID (id NULL: no Z, for
 * encryption), and with precompute a comb table of it. NULL: invalid key (*err = SM2_ERR_KEY) or out of memory. */
sm2_verifier *sm2_verifier_new(const uint8_t *pub, size_t len, const uint8_t *id, size_t idlen, int precompute, int *err);
void sm2_verifier_free(sm2_verifier *v);
const uint8_t *sm2_verifier_public(const sm2_verifier *v); /* x‖y */
int sm2_verify_digest(const sm2_verifier *v, const uint8_t e[32], const uint8_t sig[64]);
/* out[i] = 1 if sigs[64·i] is valid on es[32·i] (IFMA lanes for a precomputed key). */
void sm2_verify_digests(const sm2_verifier *v, const uint8_t *es, const uint8_t *sigs, size_t count, uint8_t *out);
int sm2_verify_message(const sm2_verifier *v, const uint8_t *msg, size_t len, const uint8_t sig[64]);
/* One-shot verification under a public key given in any encoding: 1 valid, 0 invalid
 * signature, −1 invalid public key. */
int sm2_verify_with_key(const uint8_t *pub, size_t len, const uint8_t e[32], const uint8_t sig[64]);

/* Encryption to v's key (Z is not used): out gets 97 + mlen bytes in the given order. mlen >= 1.
 * k given or NULL (as for signing; SM2_RETRY when the KDF output is all zero). */
int sm2_encrypt(const sm2_verifier *v, const uint8_t *m, size_t mlen, int order, const uint8_t *k, uint8_t *out);
/* Decryption with a valid d: m gets ctlen − 97 bytes. SM2_ERR_DECRYPT (and m zeroed) for any
 * defect of the ciphertext. */
int sm2_decrypt(const uint8_t d[32], const uint8_t *ct, size_t ctlen, int order, uint8_t *m);

#ifdef __cplusplus
}
#endif
#endif
