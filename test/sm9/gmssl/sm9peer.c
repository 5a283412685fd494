/*
 * GmSSL 3.x as an SM9 peer for test/sm9/interop-gmssl.test.ts: one request line in, one answer
 * line out. Words are separated by single spaces; byte strings are lowercase hex ('-' = empty),
 * klen and the initiator flag are decimal.
 * Answers are "ok <words...>" or "err <reason>".
 *
 *   mul1 k                    -> ok [k]P1 (65 bytes)
 *   mul2 k                    -> ok [k]P2 (129 bytes)
 *   pair P Q                  -> ok e(P, Q) (384 bytes, GmSSL's fp12_to_bytes)
 *   extract-sign ks id        -> ok Ppubs ds
 *   extract-enc ke id         -> ok Ppube de        (hid 0x03)
 *   extract-exch ke id        -> ok Ppube de        (hid 0x02)
 *   sign ks id msg            -> ok der             (sm9_sign_finish, random r)
 *   verify Ppubs id msg der   -> ok 1 | ok 0
 *   kem-enc Ppube id klen     -> ok K C
 *   kem-dec ke id C klen      -> ok K | err
 *   enc Ppube id msg          -> ok C1 C3 C2        (sm9_do_encrypt: C3 = HMAC-SM3(K2, C2))
 *   exch-start ke peerId      -> ok r R             (sm9_exch_step_1A)
 *   exch-finish init ke id peerId r R peerR klen -> ok SK confirmation
 *
 * Build: cc -O2 sm9peer.c -I<gmssl>/include -L<gmssl>/build/bin -lgmssl -Wl,-rpath,<gmssl>/build/bin
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <gmssl/sm9.h>
#include <gmssl/sm9_z256.h>

#define MAXW 16
#define MAXB 4096

static uint8_t bufs[MAXW][MAXB];
static size_t lens[MAXW];

static int hexval(int c) {
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static int unhex(const char *s, uint8_t *out, size_t *outlen) {
	size_t n = strlen(s);
	if (strcmp(s, "-") == 0) { *outlen = 0; return 1; }
	if (n % 2 || n / 2 > MAXB) return 0;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0) return 0;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*outlen = n / 2;
	return 1;
}

static void puthex(const uint8_t *b, size_t n) {
	putchar(' ');
	if (n == 0) putchar('-');
	for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
}

static int scalar(int w, sm9_z256_t k) {
	if (lens[w] != 32) return 0;
	sm9_z256_from_bytes(k, bufs[w]);
	return 1;
}

static void g1out(const SM9_Z256_POINT *P) {
	uint8_t o[65];
	sm9_z256_point_to_uncompressed_octets(P, o);
	puthex(o, 65);
}

static void g2out(const SM9_Z256_TWIST_POINT *P) {
	uint8_t o[129];
	sm9_z256_twist_point_to_uncompressed_octets(P, o);
	puthex(o, 129);
}

static int g1in(int w, SM9_Z256_POINT *P) {
	return lens[w] == 65 && sm9_z256_point_from_uncompressed_octets(P, bufs[w]) == 1;
}

static int enc_master(int w, SM9_ENC_MASTER_KEY *m) {
	if (!scalar(w, m->ke)) return 0;
	sm9_z256_point_mul_generator(&m->Ppube, m->ke);
	return 1;
}

/* Words that are decimal numbers rather than hex byte strings. */
static int is_number(const char *cmd, int i) {
	return (!strcmp(cmd, "kem-enc") && i == 3) || (!strcmp(cmd, "kem-dec") && i == 4)
		|| (!strcmp(cmd, "exch-finish") && (i == 1 || i == 8));
}

static const char *run(int nw, char **words) {
	const char *cmd = words[0];
	for (int i = 1; i < nw; i++) {
		if (is_number(cmd, i)) continue;
		if (!unhex(words[i], bufs[i], &lens[i])) return "bad hex";
	}
	const char *id = (const char *)bufs[2];
	size_t idlen = lens[2];
	if (!strcmp(cmd, "mul1") && nw == 2) {
		sm9_z256_t k; SM9_Z256_POINT R;
		if (!scalar(1, k)) return "bad scalar";
		sm9_z256_point_mul_generator(&R, k);
		printf("ok"); g1out(&R);
	} else if (!strcmp(cmd, "mul2") && nw == 2) {
		sm9_z256_t k; SM9_Z256_TWIST_POINT R;
		if (!scalar(1, k)) return "bad scalar";
		sm9_z256_twist_point_mul_generator(&R, k);
		printf("ok"); g2out(&R);
	} else if (!strcmp(cmd, "pair") && nw == 3) {
		SM9_Z256_POINT P; SM9_Z256_TWIST_POINT Q; sm9_z256_fp12_t r; uint8_t o[384];
		if (!g1in(1, &P)) return "bad P";
		if (lens[2] != 129 || sm9_z256_twist_point_from_uncompressed_octets(&Q, bufs[2]) != 1) return "bad Q";
		sm9_z256_pairing(r, &Q, &P);
		sm9_z256_fp12_to_bytes(r, o);
		printf("ok"); puthex(o, 384);
	} else if (!strcmp(cmd, "extract-sign") && nw == 3) {
		SM9_SIGN_MASTER_KEY m; SM9_SIGN_KEY k;
		if (!scalar(1, m.ks)) return "bad ks";
		sm9_z256_twist_point_mul_generator(&m.Ppubs, m.ks);
		if (sm9_sign_master_key_extract_key(&m, id, idlen, &k) != 1) return "extract failed";
		printf("ok"); g2out(&m.Ppubs); g1out(&k.ds);
	} else if ((!strcmp(cmd, "extract-enc") || !strcmp(cmd, "extract-exch")) && nw == 3) {
		SM9_ENC_MASTER_KEY m; SM9_ENC_KEY k;
		if (!enc_master(1, &m)) return "bad ke";
		int r = !strcmp(cmd, "extract-enc") ? sm9_enc_master_key_extract_key(&m, id, idlen, &k)
			: sm9_exch_master_key_extract_key(&m, id, idlen, &k);
		if (r != 1) return "extract failed";
		printf("ok"); g1out(&m.Ppube); g2out(&k.de);
	} else if (!strcmp(cmd, "sign") && nw == 4) {
		SM9_SIGN_MASTER_KEY m; SM9_SIGN_KEY k; SM9_SIGN_CTX ctx; uint8_t sig[SM9_SIGNATURE_SIZE]; size_t siglen;
		if (!scalar(1, m.ks)) return "bad ks";
		sm9_z256_twist_point_mul_generator(&m.Ppubs, m.ks);
		if (sm9_sign_master_key_extract_key(&m, id, idlen, &k) != 1) return "extract failed";
		if (sm9_sign_init(&ctx) != 1 || sm9_sign_update(&ctx, bufs[3], lens[3]) != 1
			|| sm9_sign_finish(&ctx, &k, sig, &siglen) != 1) return "sign failed";
		printf("ok"); puthex(sig, siglen);
	} else if (!strcmp(cmd, "verify") && nw == 5) {
		SM9_SIGN_MASTER_KEY m; SM9_SIGN_CTX ctx;
		if (lens[1] != 129 || sm9_z256_twist_point_from_uncompressed_octets(&m.Ppubs, bufs[1]) != 1) return "bad Ppubs";
		if (sm9_verify_init(&ctx) != 1 || sm9_verify_update(&ctx, bufs[3], lens[3]) != 1) return "verify init failed";
		int r = sm9_verify_finish(&ctx, bufs[4], lens[4], &m, id, idlen);
		printf("ok %d", r == 1 ? 1 : 0);
	} else if (!strcmp(cmd, "kem-enc") && nw == 4) {
		SM9_ENC_MASTER_KEY m; SM9_Z256_POINT C; uint8_t K[256]; size_t klen = (size_t)atoi(words[3]);
		if (!g1in(1, &m.Ppube)) return "bad Ppube";
		if (klen < 1 || klen > sizeof(K)) return "bad klen";
		if (sm9_kem_encrypt(&m, id, idlen, klen, K, &C) != 1) return "kem encrypt failed";
		printf("ok"); puthex(K, klen); g1out(&C);
	} else if (!strcmp(cmd, "kem-dec") && nw == 5) {
		SM9_ENC_MASTER_KEY m; SM9_ENC_KEY k; SM9_Z256_POINT C; uint8_t K[256]; size_t klen = (size_t)atoi(words[4]);
		if (!enc_master(1, &m)) return "bad ke";
		if (sm9_enc_master_key_extract_key(&m, id, idlen, &k) != 1) return "extract failed";
		if (!g1in(3, &C)) return "bad C";
		if (klen < 1 || klen > sizeof(K)) return "bad klen";
		if (sm9_kem_decrypt(&k, id, idlen, &C, klen, K) != 1) return "kem decrypt failed";
		printf("ok"); puthex(K, klen);
	} else if (!strcmp(cmd, "enc") && nw == 4) {
		SM9_ENC_MASTER_KEY m; SM9_Z256_POINT C1; uint8_t c2[SM9_MAX_PLAINTEXT_SIZE]; uint8_t c3[32];
		if (!g1in(1, &m.Ppube)) return "bad Ppube";
		if (lens[3] < 1 || lens[3] > SM9_MAX_PLAINTEXT_SIZE) return "bad plaintext length";
		if (sm9_do_encrypt(&m, id, idlen, bufs[3], lens[3], &C1, c2, c3) != 1) return "encrypt failed";
		printf("ok"); g1out(&C1); puthex(c3, 32); puthex(c2, lens[3]);
	} else if (!strcmp(cmd, "exch-start") && nw == 3) {
		SM9_ENC_MASTER_KEY m; SM9_Z256_POINT R; sm9_z256_t r; uint8_t rb[32];
		if (!enc_master(1, &m)) return "bad ke";
		if (sm9_exch_step_1A(&m, id, idlen, &R, r) != 1) return "step 1A failed";
		sm9_z256_to_bytes(r, rb);
		printf("ok"); puthex(rb, 32); g1out(&R);
	} else if (!strcmp(cmd, "exch-finish") && nw == 9) {
		SM9_ENC_MASTER_KEY m; SM9_ENC_KEY k; SM9_Z256_POINT R, PR; sm9_z256_t r; uint8_t sk[256], conf[32];
		int init = atoi(words[1]);
		size_t klen = (size_t)atoi(words[8]);
		if (!enc_master(2, &m)) return "bad ke";
		const char *own = (const char *)bufs[3], *peer = (const char *)bufs[4];
		if (sm9_exch_master_key_extract_key(&m, own, lens[3], &k) != 1) return "extract failed";
		if (!scalar(5, r) || !g1in(6, &R) || !g1in(7, &PR)) return "bad r/R/peerR";
		if (klen < 1 || klen > sizeof(sk)) return "bad klen";
		if (sm9_key_exchange(init, &m, &k, own, lens[3], peer, lens[4], r, &R, &PR, klen, sk) != 1) return "exchange failed";
		if (sm9_key_exchange_compute_confirm(init, &m, &k, own, lens[3], peer, lens[4], r, &R, &PR, conf) != 1) return "confirm failed";
		printf("ok"); puthex(sk, klen); puthex(conf, 32);
	} else {
		return "unknown command";
	}
	putchar('\n');
	return NULL;
}

int main(void) {
	static char line[3 * MAXB * MAXW];
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof line, stdin)) {
		char *words[MAXW];
		int nw = 0;
		line[strcspn(line, "\r\n")] = 0;
		for (char *t = strtok(line, " "); t && nw < MAXW; t = strtok(NULL, " ")) words[nw++] = t;
		if (nw == 0) continue;
		const char *err = run(nw, words);
		if (err) printf("err %s\n", err);
	}
	return 0;
}
