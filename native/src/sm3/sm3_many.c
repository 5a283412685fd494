/* Hashing many independent messages at once (mima_sm3_many): a lane scheduler over the
 * multi-buffer kernels of sm3_mb.c, or one message after another without them.
 *
 * Each lane hashes one message at a time in two phases: its whole 64-byte blocks, read in
 * place, then its padded tail (1 or 2 blocks, §5.2) from a per-lane buffer. A kernel call
 * advances every lane by the same number of blocks (the smallest phase remainder among the
 * busy lanes), so messages of unequal lengths are fine: a lane that finishes its message
 * writes the digest and takes the next message while the others continue. When no message is
 * left to hand out and few lanes are still busy, the rest is finished with the single-stream
 * kernel, which is cheaper than a vector step carrying idle lanes. Batches of at least 32
 * messages use the 32-lane kernel (two interleaved 16-lane groups) where there is one. */
#include <string.h>

#include "sm3.h"
#include "sm3_internal.h"

mima_sm3_compress_fn mima_sm3_compress_active(void);

static mima_sm3_mb_fn mb_fn = NULL, mb_wide_fn = NULL;
static unsigned mb_lanes = 0, mb_wide_lanes = 0;

/* fn hashes `lanes` streams; wide (optional) hashes `wide_lanes` (more) streams and is used
 * for batches that fill it. */
void mima_sm3_many_select(mima_sm3_mb_fn fn, unsigned lanes, mima_sm3_mb_fn wide, unsigned wide_lanes) {
  mb_fn = fn;
  mb_lanes = fn ? lanes : 0;
  mb_wide_fn = fn ? wide : NULL;
  mb_wide_lanes = mb_wide_fn ? wide_lanes : 0;
}

unsigned mima_sm3_many_lanes(void) { return mb_lanes; }
unsigned mima_sm3_many_wide_lanes(void) { return mb_wide_lanes; }

#define MAX_LANES 32

typedef struct {
  const uint8_t *p; /* next whole block of the message */
  size_t nfull;     /* whole blocks left */
  size_t ntail;     /* padded tail blocks left (after the whole blocks) */
  size_t tail_at;   /* index in tail[] of the next tail block */
  size_t msg;       /* message index */
  int busy;
  uint8_t tail[128];
} lane_t;

static void store_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* Sets lane l up for message m: whole blocks in place, tail padded (§5.2). */
static void lane_start(lane_t *ln, uint32_t *st, unsigned lanes, unsigned l, const uint8_t *msg, size_t len, size_t m) {
  for (int w = 0; w < 8; w++) st[w * lanes + l] = mima_sm3_IV[w];
  ln->p = msg;
  ln->nfull = len / 64;
  size_t rem = len % 64;
  if (rem > 0) memcpy(ln->tail, msg + ln->nfull * 64, rem);
  size_t end = rem < 56 ? 64 : 128;
  ln->tail[rem] = 0x80;
  memset(ln->tail + rem + 1, 0, end - 8 - rem - 1);
  uint64_t bits = (uint64_t)len * 8;
  store_be32(ln->tail + end - 8, (uint32_t)(bits >> 32));
  store_be32(ln->tail + end - 4, (uint32_t)bits);
  ln->ntail = end / 64;
  ln->tail_at = 0;
  ln->msg = m;
  ln->busy = 1;
}

static void lane_digest(const uint32_t *st, unsigned lanes, unsigned l, uint8_t *out) {
  for (int w = 0; w < 8; w++) store_be32(out + 4 * w, st[w * lanes + l]);
}

/* Finishes lane l with the single-stream kernel. */
static void lane_finish_scalar(lane_t *ln, uint32_t *st, unsigned lanes, unsigned l, uint8_t *out) {
  mima_sm3_compress_fn cf = mima_sm3_compress_active();
  uint32_t h[8];
  for (int w = 0; w < 8; w++) h[w] = st[w * lanes + l];
  if (ln->nfull > 0) cf(h, ln->p, ln->nfull);
  cf(h, ln->tail + 64 * ln->tail_at, ln->ntail);
  for (int w = 0; w < 8; w++) store_be32(out + 4 * w, h[w]);
  mima_sm3_burn(h, sizeof h);
  ln->busy = 0;
}

void mima_sm3_many(const uint8_t *const *msgs, const size_t *lens, size_t n, uint8_t *out) {
  mima_sm3_mb_fn fn = mb_fn;
  unsigned lanes = mb_lanes;
  if (mb_wide_fn != NULL && n >= mb_wide_lanes) {
    fn = mb_wide_fn;
    lanes = mb_wide_lanes;
  }
  /* One message gains nothing from lanes. */
  if (fn == NULL || n < 2) {
    for (size_t i = 0; i < n; i++) mima_sm3(msgs[i], lens[i], out + 32 * i);
    return;
  }
  lane_t ln[MAX_LANES];
  _Alignas(64) uint32_t st[8 * MAX_LANES];
  static const uint8_t idle_block[64] = {0};
  const uint8_t *ptr[MAX_LANES];
  size_t next = 0;
  for (unsigned l = 0; l < lanes; l++) ln[l].busy = 0;
  memset(st, 0, sizeof st); /* lanes that never get a message compute on zeros, not garbage */
  for (;;) {
    unsigned busy = 0;
    for (unsigned l = 0; l < lanes; l++) {
      if (!ln[l].busy && next < n) {
        lane_start(&ln[l], st, lanes, l, msgs[next], lens[next], next);
        next++;
      }
      busy += (unsigned)ln[l].busy;
    }
    if (busy == 0) break;
    /* Nothing left to hand out and at most an eighth of the lanes busy: finish them serially
     * (one vector step costs about as much as two or three single-stream blocks). */
    if (next == n && busy * 8 <= lanes) {
      for (unsigned l = 0; l < lanes; l++) {
        if (ln[l].busy) lane_finish_scalar(&ln[l], st, lanes, l, out + 32 * ln[l].msg);
      }
      break;
    }
    size_t nb = SIZE_MAX;
    for (unsigned l = 0; l < lanes; l++) {
      if (!ln[l].busy) {
        ptr[l] = idle_block;
        continue;
      }
      size_t left = ln[l].nfull > 0 ? ln[l].nfull : ln[l].ntail;
      if (left < nb) nb = left;
      ptr[l] = ln[l].nfull > 0 ? ln[l].p : ln[l].tail + 64 * ln[l].tail_at;
    }
    /* The kernel reads nb consecutive blocks per lane and idle lanes point at one zero block,
     * so nb is 1 while any lane is idle. */
    if (busy < lanes) nb = 1;
    fn(st, ptr, nb);
    for (unsigned l = 0; l < lanes; l++) {
      if (!ln[l].busy) continue;
      if (ln[l].nfull > 0) {
        ln[l].p += 64 * nb;
        ln[l].nfull -= nb;
      } else {
        ln[l].tail_at += nb;
        ln[l].ntail -= nb;
        if (ln[l].ntail == 0) {
          lane_digest(st, lanes, l, out + 32 * ln[l].msg);
          ln[l].busy = 0;
        }
      }
    }
  }
  for (unsigned l = 0; l < lanes; l++) mima_sm3_burn(ln[l].tail, sizeof ln[l].tail);
  mima_sm3_burn(st, sizeof st);
}
