/* SM4 one-shot operations of the native engine, as the Node-API glue calls them. The glue
 * has already checked every length; these functions re-check what memory safety depends on
 * and return SM4_ERR_ARG otherwise. Every key schedule and secret temporary is wiped before
 * they return. Semantics follow the TypeScript modules in src/algorithms/sm4/ bit for bit. */
#ifndef MIMA_SM4_H
#define MIMA_SM4_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { SM4_ECB = 0, SM4_CBC = 1, SM4_CFB = 2, SM4_OFB = 3, SM4_CTR = 4, SM4_XTS = 5 };

#define SM4_ERR_PADDING (-1) /* PKCS#7 padding check failed (output wiped) */
#define SM4_ERR_AUTH (-2)    /* AEAD tag mismatch (output wiped) */
#define SM4_ERR_ARG (-3)     /* lengths the glue should have refused */

/* Unauthenticated modes. key: 16 bytes (32 for XTS: Key1 ‖ Key2); iv: 16 bytes (unused for
 * ECB). PKCS#7 applies to ECB and CBC only: encryption writes len - len % 16 + 16 bytes,
 * decryption returns the unpadded length. CTR uses a 128-bit big-endian counter. XTS needs
 * len >= 16 (ieee: IEEE 1619 tweak order, else GB/T 17964). Returns the output length or an
 * SM4_ERR_*. */
long sm4_crypt(int mode, int decrypt, int pkcs7, int ieee, const uint8_t *key, const uint8_t *iv, const uint8_t *in,
               size_t len, uint8_t *out);

/* SM4-GCM (SP 800-38D). Seal: in = plaintext (len), out = ciphertext ‖ tag (len + taglen).
 * Open: in = ciphertext ‖ tag (len + taglen), out = plaintext (len); SM4_ERR_AUTH on a wrong
 * tag. nonce_len >= 1; taglen 12..16. Returns 0 or an SM4_ERR_*. */
int sm4_gcm(int open, const uint8_t key[16], const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
            const uint8_t *in, size_t len, uint8_t *out, size_t taglen);

/* SM4-CCM (SP 800-38C), same layout as sm4_gcm. nonce_len 7..13; taglen 4..16 even; len below
 * 2^(8(15 - nonce_len)). */
int sm4_ccm(int open, const uint8_t key[16], const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
            const uint8_t *in, size_t len, uint8_t *out, size_t taglen);

/* SDF SGD_SM4_MAC: last block of the CBC encryption of data (nblocks >= 1 whole blocks). */
int sm4_cbc_mac(const uint8_t key[16], const uint8_t iv[16], const uint8_t *data, size_t nblocks, uint8_t mac[16]);

/* Kernel paths: 0 portable, 1 aesni, 2 avx2-gfni, 3 avx512-gfni. */
int sm4_init(void);
int sm4_path_count(void);
const char *sm4_path_name(int path);
int sm4_path_available(int path);
int sm4_select_path(int path);
int sm4_auto_path(void);
int sm4_current_path(void);

#ifdef __cplusplus
}
#endif
#endif
