/* libmimasdf transport: configuration file, TLS with client certificate (system libssl),
 * protocol v1 frames and value lists. One connection per device handle, one request at a
 * time on it (a mutex serialises threads that share a device handle); applications that want
 * parallelism open several device handles, as they would with several cards. */
#define _POSIX_C_SOURCE 200809L
#include "transport.h"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../include/sdf.h"

enum { K_HELLO = 1, K_HELLO_ACK = 2, K_REQUEST = 3, K_RESPONSE = 4, K_GOAWAY = 5, K_PING = 6, K_PONG = 7 };
#define HEADER 16
#define PATH_MAX_LEN 1024

typedef struct {
  char host[256];
  char port[16];
  char cert[PATH_MAX_LEN], key[PATH_MAX_LEN], ca[PATH_MAX_LEN];
} mm_config;

struct mm_device {
  SSL_CTX *ctx;
  SSL *ssl;
  int fd;
  uint32_t next_id;
  uint32_t max_frame;
  int broken; /* the connection failed: every later call is SDR_COMMFAIL */
  pthread_mutex_t lock;
};

static void trim(char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = '\0';
  size_t i = 0;
  while (s[i] == ' ' || s[i] == '\t') i++;
  if (i) memmove(s, s + i, n - i + 1);
}

static int copy_field(char *dst, size_t cap, const char *v) {
  if (strlen(v) >= cap) return -1;
  strcpy(dst, v);
  return 0;
}

/* `key = value` lines; '#' starts a comment. Unknown keys are errors so typos do not pass. */
static int load_config(mm_config *c) {
  const char *path = getenv("MIMA_SDF_CONFIG");
  if (path == NULL || *path == '\0') path = "./data/clients/demo/sdf.conf";
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    fprintf(stderr, "libmimasdf: cannot read config %s\n", path);
    return -1;
  }
  memset(c, 0, sizeof *c);
  char line[2 * PATH_MAX_LEN];
  int bad = 0;
  while (!bad && fgets(line, sizeof line, f) != NULL) {
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    trim(line);
    if (*line == '\0') continue;
    char *eq = strchr(line, '=');
    if (eq == NULL) { bad = 1; break; }
    *eq = '\0';
    char *k = line, *v = eq + 1;
    trim(k);
    trim(v);
    if (strcmp(k, "host") == 0) bad = copy_field(c->host, sizeof c->host, v);
    else if (strcmp(k, "port") == 0) bad = copy_field(c->port, sizeof c->port, v);
    else if (strcmp(k, "cert") == 0) bad = copy_field(c->cert, sizeof c->cert, v);
    else if (strcmp(k, "key") == 0) bad = copy_field(c->key, sizeof c->key, v);
    else if (strcmp(k, "ca") == 0) bad = copy_field(c->ca, sizeof c->ca, v);
    else bad = 1;
  }
  fclose(f);
  if (bad || !*c->host || !*c->port || !*c->cert || !*c->key || !*c->ca) {
    fprintf(stderr, "libmimasdf: %s needs host, port, cert, key and ca (key = value lines)\n", path);
    return -1;
  }
  return 0;
}

static void put_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}
static uint32_t get_be32(const uint8_t *p) { return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]; }
static uint16_t get_be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }

static int write_all(mm_device *d, const uint8_t *p, size_t n) {
  while (n > 0) {
    int w = SSL_write(d->ssl, p, n > 0x40000000 ? 0x40000000 : (int)n);
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int read_all(mm_device *d, uint8_t *p, size_t n) {
  while (n > 0) {
    int r = SSL_read(d->ssl, p, n > 0x40000000 ? 0x40000000 : (int)n);
    if (r <= 0) return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

static int send_frame(mm_device *d, int kind, uint32_t id, uint16_t fn, const uint8_t *payload, size_t len) {
  uint8_t h[HEADER] = {0x4d, 0x4d, 1, (uint8_t)kind};
  put_be32(h + 4, id);
  h[8] = (uint8_t)(fn >> 8);
  h[9] = (uint8_t)fn;
  put_be32(h + 12, (uint32_t)len);
  if (write_all(d, h, HEADER) != 0) return -1;
  return len ? write_all(d, payload, len) : 0;
}

/* Reads one frame; the payload is malloc'ed (NULL when empty). */
static int read_frame(mm_device *d, int *kind, uint32_t *id, uint8_t **payload, uint32_t *len) {
  uint8_t h[HEADER];
  if (read_all(d, h, HEADER) != 0) return -1;
  if (h[0] != 0x4d || h[1] != 0x4d || h[2] != 1) return -1;
  *kind = h[3];
  *id = get_be32(h + 4);
  *len = get_be32(h + 12);
  if (d->max_frame && *len > d->max_frame) return -1;
  *payload = NULL;
  if (*len) {
    *payload = malloc(*len);
    if (*payload == NULL || read_all(d, *payload, *len) != 0) {
      free(*payload);
      *payload = NULL;
      return -1;
    }
  }
  return 0;
}

static int tcp_connect(const char *host, const char *port) {
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
  int fd = -1;
  for (struct addrinfo *a = res; a != NULL; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  return fd;
}

static int handshake(mm_device *d) {
  static const char name[] = "libmimasdf";
  uint8_t hello[3 + sizeof name] = {1, 1, (uint8_t)(sizeof name - 1)};
  memcpy(hello + 3, name, sizeof name - 1);
  if (send_frame(d, K_HELLO, 0, 0, hello, 3 + sizeof name - 1) != 0) return -1;
  int kind;
  uint32_t id, len;
  uint8_t *p;
  if (read_frame(d, &kind, &id, &p, &len) != 0) return -1;
  int ok = kind == K_HELLO_ACK && len >= 13 && p[0] == 1;
  if (ok) d->max_frame = get_be32(p + 1);
  free(p);
  return ok ? 0 : -1;
}

int mm_device_open(mm_device **out) {
  mm_config cfg;
  if (load_config(&cfg) != 0) return SDR_OPENDEVICE;
  mm_device *d = calloc(1, sizeof *d);
  if (d == NULL) return SDR_NOBUFFER;
  d->fd = -1;
  d->next_id = 1;
  pthread_mutex_init(&d->lock, NULL);
  d->ctx = SSL_CTX_new(TLS_client_method());
  int ok = d->ctx != NULL && SSL_CTX_set_min_proto_version(d->ctx, TLS1_2_VERSION) == 1 &&
           SSL_CTX_use_certificate_chain_file(d->ctx, cfg.cert) == 1 &&
           SSL_CTX_use_PrivateKey_file(d->ctx, cfg.key, SSL_FILETYPE_PEM) == 1 && SSL_CTX_check_private_key(d->ctx) == 1 &&
           SSL_CTX_load_verify_locations(d->ctx, cfg.ca, NULL) == 1;
  if (ok) {
    /* The server must present a certificate from the machine CA named in the config. */
    SSL_CTX_set_verify(d->ctx, SSL_VERIFY_PEER, NULL);
    d->fd = tcp_connect(cfg.host, cfg.port);
    ok = d->fd >= 0;
  }
  if (ok) {
    d->ssl = SSL_new(d->ctx);
    ok = d->ssl != NULL && SSL_set_fd(d->ssl, d->fd) == 1 && SSL_set_tlsext_host_name(d->ssl, cfg.host) == 1 &&
         SSL_connect(d->ssl) == 1 && handshake(d) == 0;
  }
  if (!ok) {
    unsigned long e = ERR_get_error();
    if (e) fprintf(stderr, "libmimasdf: %s\n", ERR_error_string(e, NULL));
    else fprintf(stderr, "libmimasdf: cannot connect to %s:%s\n", cfg.host, cfg.port);
    mm_device_close(d);
    return SDR_OPENDEVICE;
  }
  *out = d;
  return SDR_OK;
}

void mm_device_close(mm_device *d) {
  if (d == NULL) return;
  if (d->ssl) {
    SSL_shutdown(d->ssl);
    SSL_free(d->ssl);
  }
  if (d->fd >= 0) close(d->fd);
  if (d->ctx) SSL_CTX_free(d->ctx);
  pthread_mutex_destroy(&d->lock);
  free(d);
}

void mm_req_init(mm_req *r) {
  memset(r, 0, sizeof *r);
  r->cap = 256;
  r->buf = malloc(r->cap);
  if (r->buf == NULL) r->err = SDR_NOBUFFER;
  r->len = 2;
}

static uint8_t *reserve(mm_req *r, size_t n) {
  if (r->err) return NULL;
  if (r->count == 0xffff) {
    r->err = SDR_INARGERR;
    return NULL;
  }
  if (r->len + n > r->cap) {
    size_t cap = r->cap;
    while (r->len + n > cap) cap *= 2;
    uint8_t *b = realloc(r->buf, cap);
    if (b == NULL) {
      r->err = SDR_NOBUFFER;
      return NULL;
    }
    r->buf = b;
    r->cap = cap;
  }
  uint8_t *p = r->buf + r->len;
  r->len += n;
  r->count++;
  return p;
}

void mm_put_u32(mm_req *r, uint32_t v) {
  uint8_t *p = reserve(r, 5);
  if (!p) return;
  p[0] = MM_U32;
  put_be32(p + 1, v);
}

void mm_put_bytes(mm_req *r, const void *data, size_t n) {
  if (n > 0xffffffffu) {
    r->err = SDR_INARGERR;
    return;
  }
  if (data == NULL && n > 0) {
    r->err = SDR_INARGERR;
    return;
  }
  uint8_t *p = reserve(r, 5 + n);
  if (!p) return;
  p[0] = MM_BYTES;
  put_be32(p + 1, (uint32_t)n);
  if (n) memcpy(p + 5, data, n);
}

void mm_put_opt(mm_req *r, const void *data, size_t n) {
  if (data == NULL) {
    uint8_t *p = reserve(r, 1);
    if (p) p[0] = MM_ABSENT;
    return;
  }
  mm_put_bytes(r, data, n);
}

static int decode_outputs(mm_resp *resp, const uint8_t *p, uint32_t len) {
  if (len < 2) return -1;
  uint16_t count = get_be16(p);
  if (count > MM_MAX_OUTS) return -1;
  uint32_t off = 2;
  for (int i = 0; i < count; i++) {
    if (off >= len) return -1;
    mm_val *v = &resp->outs[i];
    v->tag = p[off];
    if (v->tag == MM_ABSENT) {
      off += 1;
    } else if (v->tag == MM_U32) {
      if (len - off < 5) return -1;
      v->u32 = get_be32(p + off + 1);
      off += 5;
    } else if (v->tag == MM_BYTES) {
      if (len - off < 5) return -1;
      v->len = get_be32(p + off + 1);
      if (len - off - 5 < v->len) return -1;
      v->data = p + off + 5;
      off += 5 + v->len;
    } else {
      return -1;
    }
  }
  resp->count = count;
  return off == len ? 0 : -1;
}

int mm_call(mm_device *d, uint16_t fn, mm_req *req, mm_resp *resp) {
  memset(resp, 0, sizeof *resp);
  if (req->err) {
    int e = req->err;
    free(req->buf);
    return e;
  }
  req->buf[0] = (uint8_t)(req->count >> 8);
  req->buf[1] = (uint8_t)req->count;
  if (d->max_frame && req->len > d->max_frame) {
    free(req->buf);
    return SDR_INARGERR;
  }
  pthread_mutex_lock(&d->lock);
  int rv = SDR_COMMFAIL;
  uint32_t id = d->next_id++;
  if (d->next_id == 0) d->next_id = 1;
  if (!d->broken && send_frame(d, K_REQUEST, id, fn, req->buf, req->len) == 0) {
    for (;;) {
      int kind;
      uint32_t rid, len;
      uint8_t *p;
      if (read_frame(d, &kind, &rid, &p, &len) != 0) break;
      if (kind == K_PING) {
        int w = send_frame(d, K_PONG, 0, 0, p, len);
        free(p);
        if (w != 0) break;
        continue;
      }
      if (kind != K_RESPONSE || rid != id || len < 4) {
        free(p); /* GOAWAY or a frame we did not ask for: the connection is done */
        break;
      }
      uint32_t status = get_be32(p);
      if (status != SDR_OK) {
        rv = (int)status;
        free(p);
      } else if (decode_outputs(resp, p + 4, len - 4) != 0) {
        free(p);
        memset(resp, 0, sizeof *resp);
        break;
      } else {
        resp->payload = p;
        rv = SDR_OK;
      }
      break;
    }
  }
  if (rv == SDR_COMMFAIL) d->broken = 1;
  pthread_mutex_unlock(&d->lock);
  free(req->buf);
  return rv;
}

void mm_resp_free(mm_resp *resp) {
  free(resp->payload);
  memset(resp, 0, sizeof *resp);
}
