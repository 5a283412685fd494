/* ZUC for the native engine: the ZUC-128 keystream generator (GM/T 0001.1-2012), 128-EEA3
 * (GM/T 0001.2-2012; 3GPP EEA3 & EIA3 specification §3), 128-EIA3 (GM/T 0001.3-2012; same
 * document §4) and ZUC-256 with its MAC ("The ZUC-256 Stream Cipher", ZUC design team, 2018:
 * 256-bit key, 184-bit IV, MAC tags of 32, 64 or 128 bits).
 *
 * Portable path: the S-boxes are secret-indexed table lookups (not constant-time against an
 * attacker who can observe the CPU cache). The MAC step has no secret-dependent branches or
 * indexes on any path.
 *
 * Dispatch: everything works before mima_zuc_setup() (portable MAC kernel); the setup picks the
 * carry-less multiplication kernel for the MAC (VPCLMULQDQ + GFNI, or PCLMULQDQ) once. */
#ifndef MIMA_ZUC_H
#define MIMA_ZUC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* LFSR cells s0..s15 (31-bit values in [1, 2^31 - 1]) and the FSM registers R1, R2. */
typedef struct {
  uint32_t s[16];
  uint32_t r1, r2;
} mima_zuc_state;

void mima_zuc_setup(void);

/* ZUC-128 key/IV loading and initialisation (3GPP ZUC specification §3.5, §3.6.1). */
void mima_zuc128_init(mima_zuc_state *st, const uint8_t key[16], const uint8_t iv[16]);

/* ZUC-256 loading with the 7-bit constants d[16] and initialisation: iv17 = IV0..IV16 (bytes),
 * iv6 = IV17..IV24 (6-bit values, one per byte). */
void mima_zuc256_init(mima_zuc_state *st, const uint8_t key[32], const uint8_t iv17[17], const uint8_t iv6[8],
                      const uint8_t d[16]);

/* The ZUC-256 constants of the paper: keystream, and MAC for t = 32, 64, 128. */
const uint8_t *mima_zuc256_d_keystream(void);
const uint8_t *mima_zuc256_d_mac(unsigned macbits);

/* Splits a 25-byte (IV17..IV24 one 6-bit value per byte) or 23-byte (packed) ZUC-256 IV.
 * Returns 0, or -1 for another length or a 25-byte IV with a byte >= 64 in 17..24. */
int mima_zuc256_parse_iv(const uint8_t *iv, size_t len, uint8_t iv17[17], uint8_t iv6[8]);

/* The next nwords keystream words (working stage, §3.6.2). */
void mima_zuc_keystream(mima_zuc_state *st, uint32_t *out, size_t nwords);

/* out[i] = in[i] ^ keystream byte i (each keystream word big-endian), for len bytes. The
 * keystream continues across calls only in whole words: len must be a multiple of 4 except in
 * the last call. in and out may be the same buffer. */
void mima_zuc_xor(mima_zuc_state *st, const uint8_t *in, uint8_t *out, size_t len);

/* 128-EEA3: the first `bits` bits of in, encrypted or decrypted into out (ceil(bits/8) bytes;
 * the bits after `bits` in the last byte are zero). bearer < 32, direction < 2. */
void mima_eea3(const uint8_t key[16], uint32_t count, uint32_t bearer, uint32_t direction, const uint8_t *in,
               uint64_t bits, uint8_t *out);

/* 128-EIA3: the 32-bit MAC of the first `bits` bits of msg (ceil(bits/8) bytes readable). */
uint32_t mima_eia3(const uint8_t key[16], uint32_t count, uint32_t bearer, uint32_t direction, const uint8_t *msg,
                   uint64_t bits);

/* The ZUC-256 MAC of the first `bits` bits of msg; tag = macbits/8 bytes, big-endian words.
 * macbits is 32, 64 or 128 (anything else: the tag is not written and -1 returned). */
int mima_zuc256_mac(const uint8_t key[32], const uint8_t iv17[17], const uint8_t iv6[8], const uint8_t *msg,
                    uint64_t bits, unsigned macbits, uint8_t *tag);

/* Test hook: 0 = best for this CPU, 1 = portable MAC kernel, 2 = PCLMULQDQ, 3 = VPCLMULQDQ+GFNI.
 * Returns 0, or -1 if unavailable here. */
int mima_zuc_force_path(int path);
const char *mima_zuc_describe(void);

#ifdef __cplusplus
}
#endif
#endif
