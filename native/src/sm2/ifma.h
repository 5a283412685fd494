/* Eight k·B at once with AVX-512 IFMA (vpmadd52luq/vpmadd52huq): the comb of ec.h evaluated in
 * the eight 64-bit lanes of zmm registers, one scalar per lane — for batches (signDigests,
 * generateKeyPairs). Field elements are five 52-bit limbs per lane, in the Montgomery domain
 * R' = 2^260, kept below 2p. The comb table is stored limb-major (for window j and limb l, the 64
 * entries' limbs are 8 consecutive zmm) so that each lane picks its own entry with vpermt2q and
 * blends: register operations whose timing does not depend on the index, and every byte of the
 * window is loaded. No branch depends on a scalar; all lanes run the same instructions.
 */
#ifndef MIMA_SM2_IFMA_H
#define MIMA_SM2_IFMA_H

#include <stdint.h>

#include "ec.h"

/* 37 windows × 10 limbs (x0..x4, y0..y4) × 64 entries, 64-byte aligned. */
#define SM2_IFMA_TABLE_WORDS (SM2_COMB_WINDOWS * 10 * SM2_COMB_ENTRIES)

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SM2_HAVE_IFMA 1
/* The IFMA copy of a comb table built by comb_build (R = 2^256 affine entries). */
void sm2_ifma_table_fill(uint64_t *itab, const sm2_aff *tab);
/* r[i] = k_i·B for the eight 32-byte big-endian scalars ks[32·i], 1 <= k_i < n; results in the
 * Jacobian coordinates of ec.h (Montgomery R = 2^256, fully reduced). */
void sm2_ifma_comb8(sm2_jac r[8], const uint64_t *itab, const uint8_t *ks);
#endif

#endif
