/* Shared between sm2_core.c, sm2_sign.c and sm2_enc.c. */
#ifndef MIMA_SM2_INTERNAL_H
#define MIMA_SM2_INTERNAL_H

#include "ec.h"
#include "sc.h"
#include "sm2.h"

/* The comb table of G, and its odd multiples 1G, 3G, …, 127G (sm2_setup). */
extern const sm2_aff *sm2_gtab;
extern sm2_aff sm2_g_odd[SM2_ODD_MAX];

/* The pools of precomputed values (signing: sm2_sign.c; key pairs: sm2_core.c): enabled unless
 * MIMA_SM2_POOL=0; the generation changes in a forked child, which then discards pools
 * inherited from its parent. */
extern int sm2_pools_enabled;
extern volatile unsigned sm2_fork_generation;

/* Items per internal batch (stack scratch for batched k·G). */
#define SM2_CHUNK 64

struct sm2_verifier {
  uint8_t xy[64];
  uint8_t z[32];
  sm2_aff P;    /* Montgomery coordinates */
  sm2_aff *tab; /* comb table of P, or NULL */
  uint64_t *itab; /* its IFMA copy (precompute on an IFMA CPU), or NULL */
  sm2_aff odd[1 << (SM2_P_ODD_W - 2)]; /* P, 3P, …, 63P for the joint multiplication (not
                                        * computed for encryption keys) */
};

/* count scalars in [1, bound − 1] from getrandom(2) by rejection sampling (32 bytes each). */
int sm2_random_scalars(uint8_t *out, size_t count, const sc_t bound);

/* Affine Montgomery point <-> x‖y bytes. */
void sm2_aff_to_bytes(uint8_t xy[64], const sm2_aff *P);
/* x‖y (valid point) into Montgomery coordinates. */
void sm2_aff_from_bytes(sm2_aff *P, const uint8_t xy[64]);

/* J[i] = ks[32·i]·G for count scalars in [1, n − 1]: eight at a time in IFMA lanes where the
 * CPU has them (count >= 2), else the scalar comb. SM2_OK or SM2_ERR_INTERNAL. */
int sm2_base_mul_batch(sm2_jac *J, const uint8_t *ks, size_t count);
/* The same for any comb table (itab: its IFMA copy, or NULL). */
int sm2_comb_batch(sm2_jac *J, const sm2_aff *tab, const uint64_t *itab, const uint8_t *ks, size_t count);
/* The IFMA copy of a comb table when the CPU has IFMA (NULL otherwise or out of memory). */
uint64_t *sm2_ifma_table_new(const sm2_aff *tab);

/* Comb table of P in fresh 64-byte-aligned memory (NULL when out of memory). */
sm2_aff *sm2_comb_table_new(const sm2_aff *P);

#endif
