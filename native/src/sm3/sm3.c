/* SM3 (GM/T 0004-2012): incremental hashing, padding (§5.2), HMAC-SM3 (RFC 2104) and the
 * pointer to the active compression kernel (chosen in sm3_dispatch.c). The kernels are in
 * sm3_portable.c (portable C), sm3_x86.c (single stream, x86 fast paths) and sm3_mb.c with its
 * scheduler sm3_many.c (many messages). */
#include "sm3.h"

#include <string.h>

#include "sm3_internal.h"

/* Until mima_sm3_setup() runs, everything works on the portable kernel. */
static mima_sm3_compress_fn compress_fn = mima_sm3_compress_portable;
static const char *compress_name = "portable";

mima_sm3_compress_fn mima_sm3_compress_active(void) { return compress_fn; }

void mima_sm3_select(mima_sm3_compress_fn fn, const char *name) {
  compress_fn = fn;
  compress_name = name;
}

const char *mima_sm3_compress_name(void) { return compress_name; }

void mima_sm3_compress_blocks(uint32_t state[8], const uint8_t *blocks, size_t nblocks) {
  if (nblocks > 0) compress_fn(state, blocks, nblocks);
}

static inline void store_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

void mima_sm3_init(mima_sm3_ctx *ctx) {
  memcpy(ctx->h, mima_sm3_IV, sizeof ctx->h);
  ctx->nblocks = 0;
  ctx->num = 0;
}

void mima_sm3_update(mima_sm3_ctx *ctx, const uint8_t *data, size_t len) {
  if (len == 0) return;
  if (ctx->num > 0) {
    size_t take = 64 - ctx->num;
    if (take > len) take = len;
    memcpy(ctx->buf + ctx->num, data, take);
    ctx->num += take;
    data += take;
    len -= take;
    if (ctx->num < 64) return;
    compress_fn(ctx->h, ctx->buf, 1);
    ctx->nblocks++;
    ctx->num = 0;
  }
  size_t blocks = len / 64;
  if (blocks > 0) {
    compress_fn(ctx->h, data, blocks);
    ctx->nblocks += blocks;
    data += blocks * 64;
    len -= blocks * 64;
  }
  if (len > 0) {
    memcpy(ctx->buf, data, len);
    ctx->num = len;
  }
}

/* Pads the last `num` (< 64) bytes already in buf (128 bytes) for a message of `bits` bits and
 * returns the number of blocks (1 or 2) to compress (§5.2). */
static size_t pad_tail(uint8_t *buf, size_t num, uint64_t bits) {
  size_t end = num < 56 ? 64 : 128;
  buf[num] = 0x80;
  memset(buf + num + 1, 0, end - 8 - num - 1);
  store_be32(buf + end - 8, (uint32_t)(bits >> 32));
  store_be32(buf + end - 4, (uint32_t)bits);
  return end / 64;
}

void mima_sm3_final(mima_sm3_ctx *ctx, uint8_t out[32]) {
  uint8_t tail[128];
  memcpy(tail, ctx->buf, ctx->num);
  uint64_t bits = (ctx->nblocks * 64 + ctx->num) * 8;
  size_t nb = pad_tail(tail, ctx->num, bits);
  compress_fn(ctx->h, tail, nb);
  for (int i = 0; i < 8; i++) store_be32(out + 4 * i, ctx->h[i]);
  mima_sm3_burn(tail, sizeof tail);
  mima_sm3_burn(ctx, sizeof *ctx);
}

void mima_sm3(const uint8_t *data, size_t len, uint8_t out[32]) {
  uint32_t h[8];
  uint8_t tail[128];
  memcpy(h, mima_sm3_IV, sizeof h);
  size_t full = len / 64;
  if (full > 0) compress_fn(h, data, full);
  size_t rem = len - full * 64;
  if (rem > 0) memcpy(tail, data + full * 64, rem);
  size_t nb = pad_tail(tail, rem, (uint64_t)len * 8);
  compress_fn(h, tail, nb);
  for (int i = 0; i < 8; i++) store_be32(out + 4 * i, h[i]);
  mima_sm3_burn(tail, sizeof tail);
  mima_sm3_burn(h, sizeof h);
}

/* ---- HMAC-SM3 (RFC 2104): K0 = K zero-padded to 64 bytes (SM3(K) if longer) ---- */

void mima_hmac_sm3_init(mima_hmac_sm3_ctx *ctx, const uint8_t *key, size_t keylen) {
  uint8_t k0[64];
  memset(k0, 0, sizeof k0);
  if (keylen > 64) {
    mima_sm3(key, keylen, k0);
  } else if (keylen > 0) {
    memcpy(k0, key, keylen);
  }
  for (int i = 0; i < 64; i++) k0[i] ^= 0x36;
  mima_sm3_init(&ctx->inner);
  compress_fn(ctx->inner.h, k0, 1);
  ctx->inner.nblocks = 1;
  for (int i = 0; i < 64; i++) k0[i] ^= 0x36 ^ 0x5c;
  mima_sm3_init(&ctx->outer);
  compress_fn(ctx->outer.h, k0, 1);
  ctx->outer.nblocks = 1;
  mima_sm3_burn(k0, sizeof k0);
}

void mima_hmac_sm3_update(mima_hmac_sm3_ctx *ctx, const uint8_t *data, size_t len) {
  mima_sm3_update(&ctx->inner, data, len);
}

void mima_hmac_sm3_final(mima_hmac_sm3_ctx *ctx, uint8_t out[32]) {
  uint8_t ih[32];
  mima_sm3_final(&ctx->inner, ih);
  mima_sm3_update(&ctx->outer, ih, 32);
  mima_sm3_final(&ctx->outer, out);
  mima_sm3_burn(ih, sizeof ih);
  mima_sm3_burn(ctx, sizeof *ctx);
}

void mima_hmac_sm3(const uint8_t *key, size_t keylen, const uint8_t *data, size_t len, uint8_t out[32]) {
  mima_hmac_sm3_ctx ctx;
  mima_hmac_sm3_init(&ctx, key, keylen);
  mima_hmac_sm3_update(&ctx, data, len);
  mima_hmac_sm3_final(&ctx, out);
}
