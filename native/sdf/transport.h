/* The wire side of libmimasdf: configuration, one mutually authenticated TLS connection per
 * device handle, frames and value lists (docs/protocol.md). The SDF functions (sdf.c) build a
 * request, call mm_call and read the outputs; nothing here knows about GM/T 0018 semantics. */
#ifndef MIMA_SDF_TRANSPORT_H
#define MIMA_SDF_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

/* Internal to the library: only the SDF_* functions are exported. */
#pragma GCC visibility push(hidden)

typedef struct mm_device mm_device;

/* Opens the device: reads the configuration, connects, handshakes. Returns an SDR code. */
int mm_device_open(mm_device **out);
void mm_device_close(mm_device *dev);

/* A request's value list under construction. Functions record the first error in `err`. */
typedef struct {
  uint8_t *buf;
  size_t len, cap;
  uint16_t count;
  int err;
} mm_req;

enum { MM_U32 = 1, MM_BYTES = 2, MM_ABSENT = 3 };

typedef struct {
  int tag;
  uint32_t u32;
  const uint8_t *data;
  uint32_t len;
} mm_val;

#define MM_MAX_OUTS 8

/* A decoded RESPONSE: its outputs point into `payload`, freed by mm_resp_free. */
typedef struct {
  uint8_t *payload;
  mm_val outs[MM_MAX_OUTS];
  int count;
} mm_resp;

void mm_req_init(mm_req *r);
void mm_put_u32(mm_req *r, uint32_t v);
void mm_put_bytes(mm_req *r, const void *p, size_t n);
/* Absent when p is NULL (an optional argument not given). */
void mm_put_opt(mm_req *r, const void *p, size_t n);

/* Sends the request for function `fn` and waits for its answer. Returns SDR_OK with `resp`
 * filled (caller frees), or the SDR code of the failure (resp left empty). The request is
 * freed in every case. */
int mm_call(mm_device *dev, uint16_t fn, mm_req *req, mm_resp *resp);
void mm_resp_free(mm_resp *resp);

#pragma GCC visibility pop
#endif
