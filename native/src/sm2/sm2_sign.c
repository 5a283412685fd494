/* SM2 signatures (GM/T 0003.2-2012 = GB/T 32918.2-2016 §6–7):
 *   sign:   k ∈ [1, n−1]; (x1, y1) = [k]G; r = (e + x1) mod n, new k if r = 0 or r + k = n;
 *           s = (1 + d)⁻¹·(k − r·d) mod n, new k if s = 0.
 *   verify: r, s ∈ [1, n−1]; t = (r + s) mod n ≠ 0; (x1, y1) = [s]G + [t]P; (e + x1) mod n = r.
 * A signer caches d·R and (1 + d)⁻¹·R (Montgomery form mod n) and Z_A; signing many digests
 * shares one field inversion among their k·G (Montgomery's trick).
 *
 * Single signatures draw from a pool of SM2_POOL precomputed pairs (k, x1 of k·G) kept in the
 * signer, refilled as one batch (IFMA lanes, one inversion) when empty — the technique of
 * GmSSL's SM2_SIGN_PRE_COMP. k is only a random value until it is used, it is used once (its
 * slot is wiped as it is taken), and the pool lives in the signer's memory that
 * sm2_signer_free wipes. Fixed-k calls (the test hook) bypass it. A forked child discards the
 * pool it inherits (pthread_atfork), so parent and child never share a k. A virtual machine
 * restored twice from one snapshot would, as it would with any stored randomness:
 * MIMA_SM2_POOL=0 disables the pools for such deployments. */
#include <stdlib.h>
#include <string.h>

#include "../secure.h"
#include "../sm3/sm3.h"
#include "ct.h"
#include "sm2_internal.h"

#define SM2_POOL 32

struct sm2_signer {
  sc_t d_m;    /* d·R mod n */
  sc_t dinv_m; /* (1 + d)⁻¹·R mod n */
  uint8_t xy[64];
  uint8_t z[32];
  unsigned pool_n;                /* pairs left, used from the top */
  unsigned pool_gen;              /* sm2_fork_generation at refill */
  uint8_t pool_k[SM2_POOL][32];   /* k */
  fe_t pool_x[SM2_POOL];          /* x1 of k·G (Montgomery) */
};

static const fe_t FE_PLAIN_ONE = {1, 0, 0, 0};

sm2_signer *sm2_signer_new(const uint8_t d[32], const uint8_t *xy, const uint8_t *id, size_t idlen, int *err) {
  *err = SM2_ERR_KEY;
  if (!sm2_private_valid(d)) return NULL;
  sm2_signer *s = malloc(sizeof *s);
  if (s == NULL) {
    *err = SM2_ERR_MEM;
    return NULL;
  }
  if (xy != NULL) {
    memcpy(s->xy, xy, 64);
  } else {
    int st = sm2_public_keys(s->xy, d, 1);
    if (st != SM2_OK) {
      mima_wipe(s, sizeof *s);
      free(s);
      *err = st;
      return NULL;
    }
  }
  sc_t dv, dp1;
  static const sc_t ONE = {1, 0, 0, 0};
  sm2_sc_from_be(dv, d);
  sm2_sc_to_mont(s->d_m, dv);
  sm2_sc_add(dp1, dv, ONE); /* d <= n − 2, so 1 + d is in [2, n − 1]: invertible */
  sm2_sc_to_mont(dp1, dp1);
  sm2_sc_mont_inv(s->dinv_m, dp1);
  mima_wipe(dv, sizeof dv);
  mima_wipe(dp1, sizeof dp1);
  sm2_compute_z(s->z, s->xy, id, idlen);
  s->pool_n = 0;
  *err = SM2_OK;
  return s;
}

void sm2_signer_free(sm2_signer *s) {
  if (s == NULL) return;
  mima_wipe(s, sizeof *s);
  free(s);
}

const uint8_t *sm2_signer_public(const sm2_signer *s) { return s->xy; }

/* r‖s from e, k and the affine x1 (Montgomery); 0 when a new k is needed. Constant time in
 * k and d (the two retry tests are computed without branches and returned as a flag). */
static int finish_signature(const sm2_signer *s, const uint8_t e[32], const uint8_t k[32], const fe_t x1m, uint8_t sig[64]) {
  fe_t x1;
  sc_t ev, xv, r, kv, t, sv;
  sm2_ec->fe_mul(x1, x1m, FE_PLAIN_ONE);
  sm2_sc_from_be(ev, e);
  sm2_sc_reduce_once(ev, ev);
  sm2_sc_reduce_once(xv, x1); /* x1 < p < 2n */
  sm2_sc_add(r, ev, xv);
  sm2_sc_from_be(kv, k);
  sm2_sc_add(t, r, kv);
  uint64_t bad = sm2_sc_is_zero(r) | sm2_sc_is_zero(t); /* r = 0 or r + k = n */
  sm2_sc_mont_mul(t, r, s->d_m);                     /* r·d */
  sm2_sc_sub(t, kv, t);                              /* k − r·d */
  sm2_sc_mont_mul(sv, s->dinv_m, t);                 /* (1 + d)⁻¹·(k − r·d) */
  bad |= sm2_sc_is_zero(sv);
  sm2_sc_to_be(sig, r);
  sm2_sc_to_be(sig + 32, sv);
  mima_wipe(kv, sizeof kv);
  mima_wipe(t, sizeof t);
  mima_wipe(x1, sizeof x1);
  return (int)sm2_public_bit(bad ^ 1); /* a k to replace is discarded */
}

/* One chunk (count <= SM2_CHUNK) with its ks. Returns the number of items needing a new k;
 * their signatures are zeroed and failed[i] set. */
static int sign_chunk(const sm2_signer *s, const uint8_t *es, size_t count, const uint8_t *ks, uint8_t *sigs,
                      uint8_t *failed, int *status) {
  sm2_jac J[SM2_CHUNK];
  sm2_aff A[SM2_CHUNK];
  fe_t scratch[SM2_CHUNK];
  int retries = 0;
  *status = sm2_base_mul_batch(J, ks, count);
  if (*status == SM2_OK) {
    sm2_ec->to_affine_batch(A, J, count, scratch);
    for (size_t i = 0; i < count; i++) {
      failed[i] = (uint8_t)(finish_signature(s, es + 32 * i, ks + 32 * i, A[i].x, sigs + 64 * i) ^ 1);
      if (failed[i]) {
        memset(sigs + 64 * i, 0, 64);
        retries++;
      }
    }
  }
  mima_wipe(J, sizeof(sm2_jac) * count);
  mima_wipe(A, sizeof(sm2_aff) * count);
  return retries;
}

/* Fills the pool with fresh pairs (k, x1). */
static int pool_refill(sm2_signer *s) {
  sm2_jac J[SM2_POOL];
  sm2_aff A[SM2_POOL];
  fe_t scratch[SM2_POOL];
  int st = sm2_random_scalars(&s->pool_k[0][0], SM2_POOL, SM2_N);
  if (st == SM2_OK) st = sm2_base_mul_batch(J, &s->pool_k[0][0], SM2_POOL);
  if (st == SM2_OK) {
    sm2_ec->to_affine_batch(A, J, SM2_POOL, scratch);
    for (unsigned i = 0; i < SM2_POOL; i++) fe_copy(s->pool_x[i], A[i].x);
    s->pool_n = SM2_POOL;
    s->pool_gen = sm2_fork_generation;
  } else {
    mima_wipe(s->pool_k, sizeof s->pool_k);
  }
  mima_wipe(J, sizeof J);
  mima_wipe(A, sizeof A);
  return st;
}

/* One signature from the pool (new pairs until one gives r ≠ 0, r + k ≠ n, s ≠ 0). */
static int sign_pooled(sm2_signer *s, const uint8_t e[32], uint8_t sig[64]) {
  if (s->pool_n > 0 && s->pool_gen != sm2_fork_generation) {
    mima_wipe(s->pool_k, sizeof s->pool_k); /* inherited across fork(): never reuse */
    s->pool_n = 0;
  }
  for (int attempt = 0; attempt < 64; attempt++) {
    if (s->pool_n == 0) {
      int st = pool_refill(s);
      if (st != SM2_OK) return st;
    }
    unsigned i = --s->pool_n;
    int ok = finish_signature(s, e, s->pool_k[i], s->pool_x[i], sig);
    mima_wipe(s->pool_k[i], 32);
    mima_wipe(s->pool_x[i], sizeof(fe_t));
    if (ok) return SM2_OK;
  }
  memset(sig, 0, 64);
  return SM2_ERR_RAND;
}

/* 1 if every given k is in [1, n − 1]. */
static int ks_valid(const uint8_t *ks, size_t count) {
  for (size_t i = 0; i < count; i++) {
    sc_t v;
    sm2_sc_from_be(v, ks + 32 * i);
    uint64_t ok = sm2_public_bit(sm2_sc_in_range(v, SM2_N));
    mima_wipe(v, sizeof v);
    if (!ok) return 0;
  }
  return 1;
}

int sm2_sign_digests(sm2_signer *s, const uint8_t *es, size_t count, const uint8_t *ks, uint8_t *sigs) {
  uint8_t own[32 * SM2_CHUNK], failed[SM2_CHUNK], one;
  int any_retry = 0;
  if (ks != NULL && !ks_valid(ks, count)) return SM2_ERR_ARG;
  /* a few signatures at a time: from the pool; bigger batches compute their own k·G */
  if (ks == NULL && count < 8 && sm2_pools_enabled) {
    for (size_t i = 0; i < count; i++) {
      int st = sign_pooled(s, es + 32 * i, sigs + 64 * i);
      if (st != SM2_OK) return st;
    }
    return SM2_OK;
  }
  for (size_t i = 0; i < count; i += SM2_CHUNK) {
    size_t c = count - i < SM2_CHUNK ? count - i : SM2_CHUNK;
    const uint8_t *k = ks != NULL ? ks + 32 * i : own;
    int st;
    if (ks == NULL && (st = sm2_random_scalars(own, c, SM2_N)) != SM2_OK) return st;
    int retries = sign_chunk(s, es + 32 * i, c, k, sigs + 64 * i, failed, &st);
    if (st != SM2_OK) {
      mima_wipe(own, sizeof own);
      return st;
    }
    if (retries > 0 && ks != NULL) any_retry = 1;
    /* Own randomness: redo the rare retries one at a time with fresh k (64 attempts). */
    for (size_t j = 0; retries > 0 && ks == NULL && j < c; j++) {
      if (!failed[j]) continue;
      int done = 0;
      for (int attempt = 0; attempt < 64 && !done; attempt++) {
        if ((st = sm2_random_scalars(own, 1, SM2_N)) != SM2_OK) break;
        done = sign_chunk(s, es + 32 * (i + j), 1, own, sigs + 64 * (i + j), &one, &st) == 0 && st == SM2_OK;
      }
      if (!done) {
        mima_wipe(own, sizeof own);
        return st != SM2_OK ? st : SM2_ERR_RAND;
      }
    }
  }
  mima_wipe(own, sizeof own);
  return any_retry ? SM2_RETRY : SM2_OK;
}

int sm2_sign_message(sm2_signer *s, const uint8_t *msg, size_t len, const uint8_t *k, uint8_t sig[64]) {
  uint8_t e[32];
  mima_sm3_ctx c;
  mima_sm3_init(&c);
  mima_sm3_update(&c, s->z, 32);
  if (len > 0) mima_sm3_update(&c, msg, len);
  mima_sm3_final(&c, e);
  return sm2_sign_digests(s, e, 1, k, sig);
}

sm2_verifier *sm2_verifier_new(const uint8_t *pub, size_t len, const uint8_t *id, size_t idlen, int precompute, int *err) {
  uint8_t xy[64];
  *err = SM2_ERR_KEY;
  if (!sm2_public_decode(xy, pub, len)) return NULL;
  sm2_verifier *v = malloc(sizeof *v);
  *err = SM2_ERR_MEM;
  if (v == NULL) return NULL;
  memcpy(v->xy, xy, 64);
  sm2_aff_from_bytes(&v->P, xy);
  if (id != NULL) sm2_compute_z(v->z, xy, id, idlen);
  else memset(v->z, 0, 32);
  v->tab = NULL;
  v->itab = NULL;
  /* the odd multiples serve verification only: keys for encryption (no id) skip them */
  if (id != NULL) sm2_ec->odd_multiples_affine(v->odd, &v->P, 1 << (SM2_P_ODD_W - 2));
  if (precompute && (v->tab = sm2_comb_table_new(&v->P)) == NULL) {
    free(v);
    return NULL;
  }
  if (v->tab != NULL) v->itab = sm2_ifma_table_new(v->tab); /* optional: NULL is fine */
  *err = SM2_OK;
  return v;
}

void sm2_verifier_free(sm2_verifier *v) {
  if (v == NULL) return;
  free(v->tab);
  free(v->itab);
  free(v);
}

const uint8_t *sm2_verifier_public(const sm2_verifier *v) { return v->xy; }

/* Steps B1–B4 of GM/T 0003.2 §7.1: r, s in [1, n − 1] and t = (r + s) mod n ≠ 0; s and t as
 * big-endian bytes. 0 when the signature is malformed. */
static int verify_scalars(const uint8_t sig[64], uint8_t sb[32], uint8_t tb[32]) {
  sc_t r, s, t;
  sm2_sc_from_be(r, sig);
  sm2_sc_from_be(s, sig + 32);
  if (!sm2_sc_in_range(r, SM2_N) || !sm2_sc_in_range(s, SM2_N)) return 0;
  sm2_sc_add(t, r, s);
  if (sm2_sc_is_zero(t)) return 0;
  sm2_sc_to_be(sb, s);
  sm2_sc_to_be(tb, t);
  return 1;
}

/* Steps B6–B7 for (x1, y1) = A (Jacobian), compared projectively: x1 = X/Z² ≡ r − e (mod n)
 * means X = c·Z² for c = (r − e) mod n or, when c + n < p, c + n (x1 < p < 2n). */
static int verify_finish(const sm2_jac *A, const uint8_t e[32], const uint8_t sig[64]) {
  sc_t r, ev, c;
  if (fe_is_zero(A->Z)) return 0;
  sm2_sc_from_be(r, sig);
  sm2_sc_from_be(ev, e);
  sm2_sc_reduce_once(ev, ev);
  sm2_sc_sub(c, r, ev);
  fe_t z2, cm;
  sm2_ec->fe_sqr(z2, A->Z);
  for (int round = 0; round < 2; round++) {
    if (round == 1) {
      /* c + n, when still below p */
      uint64_t cc = 0, t2[4];
      for (int i = 0; i < 4; i++) cc = adc64(c[i], SM2_N[i], cc, &t2[i]);
      static const uint64_t PL[4] = {SM2_P0, SM2_P1, SM2_P2, SM2_P3};
      if (cc || !u256_less(t2, PL)) break;
      memcpy(c, t2, sizeof c);
    }
    sm2_ec->fe_mul(cm, c, SM2_FE_R2);
    sm2_ec->fe_mul(cm, cm, z2);
    if (fe_equal(cm, A->X)) return 1;
  }
  return 0;
}

/* GM/T 0003.2 §7.1 B1–B7. Public inputs only. */
static int verify_point(const sm2_aff *P, const sm2_aff *tab, const sm2_aff *odd, const uint8_t e[32], const uint8_t sig[64]) {
  uint8_t sb[32], tb[32];
  if (!verify_scalars(sig, sb, tb)) return 0;
  sm2_jac A, B;
  if (tab != NULL) {
    /* two combs, no doubling */
    sm2_ec->comb_mul_vartime(&A, sm2_gtab, sb);
    sm2_ec->comb_mul_vartime(&B, tab, tb);
    sm2_ec->add_vartime(&A, &A, &B);
  } else {
    sm2_ec->double_mul_vartime(&A, sb, sm2_g_odd, tb, P, odd, SM2_P_ODD_W);
  }
  return verify_finish(&A, e, sig);
}

void sm2_verify_digests(const sm2_verifier *v, const uint8_t *es, const uint8_t *sigs, size_t count, uint8_t *out) {
  if (v->itab == NULL || count < 2) {
    for (size_t i = 0; i < count; i++) out[i] = (uint8_t)verify_point(&v->P, v->tab, v->odd, es + 32 * i, sigs + 64 * i);
    return;
  }
  /* A precomputed key: [s]G and [t]P of up to SM2_CHUNK signatures in IFMA lanes (malformed
   * ones get the placeholder scalar 1 and the verdict 0). */
  uint8_t sb[32 * SM2_CHUNK], tb[32 * SM2_CHUNK], ok[SM2_CHUNK];
  sm2_jac A[SM2_CHUNK], B[SM2_CHUNK];
  for (size_t i = 0; i < count; i += SM2_CHUNK) {
    size_t c = count - i < SM2_CHUNK ? count - i : SM2_CHUNK;
    for (size_t j = 0; j < c; j++) {
      ok[j] = (uint8_t)verify_scalars(sigs + 64 * (i + j), sb + 32 * j, tb + 32 * j);
      if (!ok[j]) {
        memset(sb + 32 * j, 0, 32), sb[32 * j + 31] = 1;
        memcpy(tb + 32 * j, sb + 32 * j, 32);
      }
    }
    if (sm2_base_mul_batch(A, sb, c) != SM2_OK || sm2_comb_batch(B, v->tab, v->itab, tb, c) != SM2_OK) {
      for (size_t j = 0; j < c; j++) out[i + j] = (uint8_t)verify_point(&v->P, v->tab, v->odd, es + 32 * (i + j), sigs + 64 * (i + j));
      continue;
    }
    for (size_t j = 0; j < c; j++) {
      sm2_ec->add_vartime(&A[j], &A[j], &B[j]);
      out[i + j] = (uint8_t)(ok[j] && verify_finish(&A[j], es + 32 * (i + j), sigs + 64 * (i + j)));
    }
  }
}

int sm2_verify_digest(const sm2_verifier *v, const uint8_t e[32], const uint8_t sig[64]) {
  return verify_point(&v->P, v->tab, v->odd, e, sig);
}

int sm2_verify_message(const sm2_verifier *v, const uint8_t *msg, size_t len, const uint8_t sig[64]) {
  uint8_t e[32];
  mima_sm3_ctx c;
  mima_sm3_init(&c);
  mima_sm3_update(&c, v->z, 32);
  if (len > 0) mima_sm3_update(&c, msg, len);
  mima_sm3_final(&c, e);
  return verify_point(&v->P, v->tab, v->odd, e, sig);
}

int sm2_verify_with_key(const uint8_t *pub, size_t len, const uint8_t e[32], const uint8_t sig[64]) {
  uint8_t xy[64];
  sm2_aff P;
  if (!sm2_public_decode(xy, pub, len)) return -1;
  sm2_aff_from_bytes(&P, xy);
  return verify_point(&P, NULL, NULL, e, sig);
}
