/* Calls every function of libmimasdf against a running `mima serve` (test/c/libmimasdf.test.ts
 * starts the machine, builds this program against include/sdf.h and the library, and checks
 * its output). Each call's result is checked here where the answer is known (standard
 * vectors, round trips, equal results by two paths, the standard's error codes); values that
 * need an independent SM2/SM3 implementation are printed as `check ...` lines that the test
 * verifies with Mima's TypeScript algorithms. Every called function prints `called NAME`.
 *
 * Expects: demo SM2 pairs at index 1 (access password "demo"), an RSA pair at index 2
 * (password "rsa-pass"), a KEK at index 1. Exit 0 when every check passed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdf.h"

static int failures = 0;

#define CALL(name, expr, want)                                                                \
  do {                                                                                     \
    int rv_ = (expr);                                                                      \
    printf("called %s\n", #name);                                                          \
    if (rv_ != (int)(want)) {                                                              \
      printf("FAIL %s line %d: rv 0x%08x, want 0x%08x\n", #name, __LINE__, rv_, (unsigned)(want)); \
      failures++;                                                                          \
    }                                                                                      \
  } while (0)

#define EXPECT(cond, what)                                   \
  do {                                                       \
    if (!(cond)) {                                           \
      printf("FAIL line %d: %s\n", __LINE__, what);          \
      failures++;                                            \
    }                                                        \
  } while (0)

static void hex(const char *label, const BYTE *p, size_t n) {
  printf(" %s=", label);
  for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
}

static void from_hex(const char *h, BYTE *out) {
  for (size_t i = 0; h[2 * i]; i++) sscanf(h + 2 * i, "%2hhx", &out[i]);
}

static ECCCipher *new_cipher(size_t L) { return calloc(1, sizeof(ECCCipher) + L); }

int main(void) {
  HANDLE dev = NULL, s = NULL, s2 = NULL;
  CALL(SDF_OpenDevice, SDF_OpenDevice(&dev), SDR_OK);
  if (!dev) return 2;
  CALL(SDF_OpenSession, SDF_OpenSession(dev, &s), SDR_OK);
  CALL(SDF_OpenSession, SDF_OpenSession(dev, &s2), SDR_OK);
  if (!s || !s2) return 2;

  DEVICEINFO info;
  memset(&info, 0, sizeof info);
  CALL(SDF_GetDeviceInfo, SDF_GetDeviceInfo(s, &info), SDR_OK);
  EXPECT(info.IssuerName[0] != 0 && info.BufferSize > 0, "DEVICEINFO has an issuer and a file capacity");
  EXPECT(sizeof(DEVICEINFO) == 100 && sizeof(ECCrefPublicKey) == 132 && sizeof(ECCSignature) == 128 && sizeof(RSArefPublicKey) == 516 &&
             sizeof(RSArefPrivateKey) == 1412 && sizeof(ECCrefPrivateKey) == 68,
         "structure sizes are the standard's");

  BYTE rnd[64] = {0}, zero[64] = {0};
  CALL(SDF_GenerateRandom, SDF_GenerateRandom(s, sizeof rnd, rnd), SDR_OK);
  EXPECT(memcmp(rnd, zero, sizeof rnd) != 0, "random bytes are not all zero");

  /* ---- SM2 with the internal demo keys ---- */
  BYTE demo[] = "demo";
  CALL(SDF_GetPrivateKeyAccessRight, SDF_GetPrivateKeyAccessRight(s, 1, demo, 4), SDR_OK);
  CALL(SDF_GetPrivateKeyAccessRight, SDF_GetPrivateKeyAccessRight(s2, 1, demo, 4), SDR_OK);
  ECCrefPublicKey signPub, encPub;
  CALL(SDF_ExportSignPublicKey_ECC, SDF_ExportSignPublicKey_ECC(s, 1, &signPub), SDR_OK);
  CALL(SDF_ExportEncPublicKey_ECC, SDF_ExportEncPublicKey_ECC(s, 1, &encPub), SDR_OK);
  EXPECT(signPub.bits == 256 && encPub.bits == 256, "SM2 public keys are 256 bits");

  BYTE id[] = "1234567812345678", msg[] = "message digest";
  BYTE e[32];
  ULONG elen = 0;
  CALL(SDF_HashInit, SDF_HashInit(s, SGD_SM3, &signPub, id, 16), SDR_OK);
  CALL(SDF_HashUpdate, SDF_HashUpdate(s, msg, 14), SDR_OK);
  CALL(SDF_HashFinal, SDF_HashFinal(s, e, &elen), SDR_OK);
  EXPECT(elen == 32, "SM3 digest is 32 bytes");
  ECCSignature sig;
  CALL(SDF_InternalSign_ECC, SDF_InternalSign_ECC(s, 1, e, 32, &sig), SDR_OK);
  printf("check sm2-sign");
  hex("x", signPub.x + 32, 32);
  hex("y", signPub.y + 32, 32);
  hex("msg", msg, 14);
  hex("r", sig.r + 32, 32);
  hex("s", sig.s + 32, 32);
  printf("\n");
  CALL(SDF_InternalVerify_ECC, SDF_InternalVerify_ECC(s, 1, e, 32, &sig), SDR_OK);
  CALL(SDF_ExternalVerify_ECC, SDF_ExternalVerify_ECC(s, SGD_SM2_1, &signPub, e, 32, &sig), SDR_OK);
  sig.s[63] ^= 1;
  CALL(SDF_ExternalVerify_ECC, SDF_ExternalVerify_ECC(s, SGD_SM2_1, &signPub, e, 32, &sig), SDR_VERIFYERR);
  CALL(SDF_InternalVerify_ECC, SDF_InternalVerify_ECC(s, 1, e, 32, &sig), SDR_VERIFYERR);

  BYTE digests[4 * 32], results[4];
  ECCSignature sigs[4];
  for (int i = 0; i < 4 * 32; i++) digests[i] = (BYTE)(i * 7);
  CALL(MIMA_InternalSign_ECC_Batch, MIMA_InternalSign_ECC_Batch(s, 1, digests, 4, sigs), SDR_OK);
  for (int i = 0; i < 4; i++) CALL(SDF_ExternalVerify_ECC, SDF_ExternalVerify_ECC(s, SGD_SM2_1, &signPub, digests + 32 * i, 32, &sigs[i]), SDR_OK);
  sigs[2].r[63] ^= 1;
  CALL(MIMA_InternalVerify_ECC_Batch, MIMA_InternalVerify_ECC_Batch(s, 1, digests, 4, sigs, results), SDR_OK);
  EXPECT(results[0] == 1 && results[1] == 1 && results[2] == 0 && results[3] == 1, "batch verify flags exactly the altered signature");

  BYTE plain[] = "encryption standard", back[64];
  ULONG backLen = 0;
  ECCCipher *ct = new_cipher(64);
  CALL(SDF_InternalEncrypt_ECC, SDF_InternalEncrypt_ECC(s, 1, SGD_SM2_3, plain, 19, ct), SDR_OK);
  EXPECT(ct->L == 19, "C2 as long as the message");
  CALL(SDF_InternalDecrypt_ECC, SDF_InternalDecrypt_ECC(s, 1, SGD_SM2_3, ct, back, &backLen), SDR_OK);
  EXPECT(backLen == 19 && memcmp(back, plain, 19) == 0, "internal SM2 decrypt returns the message");
  memset(ct, 0, sizeof(ECCCipher) + 64);
  CALL(SDF_ExternalEncrypt_ECC, SDF_ExternalEncrypt_ECC(s, SGD_SM2_3, &encPub, plain, 19, ct), SDR_OK);
  CALL(SDF_InternalDecrypt_ECC, SDF_InternalDecrypt_ECC(s, 1, SGD_SM2_3, ct, back, &backLen), SDR_OK);
  EXPECT(backLen == 19 && memcmp(back, plain, 19) == 0, "external encrypt to the enc key decrypts inside");
  ct->C[0] ^= 1;
  CALL(SDF_InternalDecrypt_ECC, SDF_InternalDecrypt_ECC(s, 1, SGD_SM2_3, ct, back, &backLen), SDR_ENCDATAERR);

  /* ---- external key pairs and the 2023 validation functions ---- */
  ECCrefPublicKey xPub;
  ECCrefPrivateKey xPriv;
  CALL(SDF_GenerateKeyPair_ECC, SDF_GenerateKeyPair_ECC(s, SGD_SM2_1, 256, &xPub, &xPriv), SDR_OK);
  ECCSignature xsig;
  CALL(SDF_ExternalSign_ECC, SDF_ExternalSign_ECC(s, SGD_SM2_1, &xPriv, e, 32, &xsig), SDR_OK);
  CALL(SDF_ExternalVerify_ECC, SDF_ExternalVerify_ECC(s, SGD_SM2_1, &xPub, e, 32, &xsig), SDR_OK);
  memset(ct, 0, sizeof(ECCCipher) + 64);
  CALL(SDF_ExternalEncrypt_ECC, SDF_ExternalEncrypt_ECC(s, SGD_SM2_3, &xPub, plain, 19, ct), SDR_OK);
  CALL(SDF_ExternalDecrypt_ECC, SDF_ExternalDecrypt_ECC(s, SGD_SM2_3, &xPriv, ct, back, &backLen), SDR_OK);
  EXPECT(backLen == 19 && memcmp(back, plain, 19) == 0, "external decrypt returns the message");

  /* ---- session keys: plaintext import, the GM/T 0002 example ---- */
  BYTE k[16], p[16], want[16], out[64], iv[16], iv0[16];
  ULONG outLen = 0;
  from_hex("0123456789abcdeffedcba9876543210", k);
  memcpy(p, k, 16);
  from_hex("681edf34d206965e86b3e94f536e4246", want);
  HANDLE hk = NULL;
  CALL(SDF_ImportKey, SDF_ImportKey(s, k, 16, &hk), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk, SGD_SM4_ECB, NULL, p, 16, out, &outLen), SDR_OK);
  EXPECT(outLen == 16 && memcmp(out, want, 16) == 0, "SM4-ECB gives the GM/T 0002 example ciphertext");
  CALL(SDF_Decrypt, SDF_Decrypt(s, hk, SGD_SM4_ECB, NULL, want, 16, out, &outLen), SDR_OK);
  EXPECT(outLen == 16 && memcmp(out, p, 16) == 0, "SM4-ECB decrypts the example");
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk, SGD_SM4_ECB, NULL, p, 15, out, &outLen), SDR_INARGERR);

  BYTE data[48], cbc[48], mac[16];
  for (int i = 0; i < 48; i++) data[i] = (BYTE)i;
  memset(iv0, 0x5a, 16);
  memcpy(iv, iv0, 16);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk, SGD_SM4_CBC, iv, data, 48, cbc, &outLen), SDR_OK);
  EXPECT(memcmp(iv, cbc + 32, 16) == 0, "SDF_Encrypt returns the updated IV (last ciphertext block)");
  memcpy(iv, iv0, 16);
  CALL(SDF_Decrypt, SDF_Decrypt(s, hk, SGD_SM4_CBC, iv, cbc, 48, out, &outLen), SDR_OK);
  EXPECT(outLen == 48 && memcmp(out, data, 48) == 0, "SM4-CBC round trip");
  memcpy(iv, iv0, 16);
  ULONG macLen = 0;
  CALL(SDF_CalculateMAC, SDF_CalculateMAC(s, hk, SGD_SM4_MAC, iv, data, 48, mac, &macLen), SDR_OK);
  EXPECT(macLen == 16 && memcmp(mac, cbc + 32, 16) == 0, "SM4 CBC-MAC is the last CBC block");

  /* multi-part equals single-call */
  BYTE part[64];
  ULONG l1 = 0, l2 = 0, l3 = 0;
  CALL(SDF_EncryptInit, SDF_EncryptInit(s, hk, SGD_SM4_CBC, iv0, 16), SDR_OK);
  CALL(SDF_EncryptUpdate, SDF_EncryptUpdate(s, data, 20, part, &l1), SDR_OK);
  CALL(SDF_EncryptUpdate, SDF_EncryptUpdate(s, data + 20, 28, part + l1, &l2), SDR_OK);
  CALL(SDF_EncryptFinal, SDF_EncryptFinal(s, part + l1 + l2, &l3), SDR_OK);
  EXPECT(l1 + l2 + l3 == 48 && memcmp(part, cbc, 48) == 0, "multi-part CBC encrypt equals SDF_Encrypt");
  CALL(SDF_DecryptInit, SDF_DecryptInit(s, hk, SGD_SM4_CBC, iv0, 16), SDR_OK);
  CALL(SDF_DecryptUpdate, SDF_DecryptUpdate(s, cbc, 33, part, &l1), SDR_OK);
  CALL(SDF_DecryptUpdate, SDF_DecryptUpdate(s, cbc + 33, 15, part + l1, &l2), SDR_OK);
  CALL(SDF_DecryptFinal, SDF_DecryptFinal(s, part + l1 + l2, &l3), SDR_OK);
  EXPECT(l1 + l2 + l3 == 48 && memcmp(part, data, 48) == 0, "multi-part CBC decrypt returns the data");
  CALL(SDF_CalculateMACInit, SDF_CalculateMACInit(s, hk, SGD_SM4_MAC, iv0, 16), SDR_OK);
  CALL(SDF_CalculateMACUpdate, SDF_CalculateMACUpdate(s, data, 16), SDR_OK);
  CALL(SDF_CalculateMACUpdate, SDF_CalculateMACUpdate(s, data + 16, 32), SDR_OK);
  CALL(SDF_CalculateMACFinal, SDF_CalculateMACFinal(s, part, &l1), SDR_OK);
  EXPECT(l1 == 16 && memcmp(part, mac, 16) == 0, "multi-part MAC equals SDF_CalculateMAC");
  CALL(SDF_EncryptUpdate, SDF_EncryptUpdate(s, data, 16, part, &l1), SDR_STEPERR);

  /* AEAD: SM4-GCM single and multi-part */
  BYTE nonce[12], aad[5] = {1, 2, 3, 4, 5}, gct[48], tag[16], tag2[16];
  ULONG gl = 0, tl = 0;
  memset(nonce, 7, 12);
  CALL(SDF_AuthEnc, SDF_AuthEnc(s, hk, SGD_SM4_GCM, nonce, 12, aad, 5, data, 48, gct, &gl, tag, &tl), SDR_OK);
  EXPECT(gl == 48 && tl == 16, "GCM output and tag lengths");
  ULONG tagLen = 16;
  CALL(SDF_AuthDec, SDF_AuthDec(s, hk, SGD_SM4_GCM, nonce, 12, aad, 5, tag, &tagLen, gct, 48, out, &outLen), SDR_OK);
  EXPECT(outLen == 48 && memcmp(out, data, 48) == 0, "GCM round trip");
  tag[0] ^= 1;
  CALL(SDF_AuthDec, SDF_AuthDec(s, hk, SGD_SM4_GCM, nonce, 12, aad, 5, tag, &tagLen, gct, 48, out, &outLen), SDR_MACERR);
  tag[0] ^= 1;
  CALL(SDF_AuthEncInit, SDF_AuthEncInit(s, hk, SGD_SM4_GCM, nonce, 12, aad, 5, 48), SDR_OK);
  CALL(SDF_AuthEncUpdate, SDF_AuthEncUpdate(s, data, 30, part, &l1), SDR_OK);
  CALL(SDF_AuthEncUpdate, SDF_AuthEncUpdate(s, data + 30, 18, part + l1, &l2), SDR_OK);
  CALL(SDF_AuthEncFinal, SDF_AuthEncFinal(s, part + l1 + l2, &l3, tag2, &tl), SDR_OK);
  EXPECT(l1 + l2 + l3 == 48 && memcmp(part, gct, 48) == 0 && memcmp(tag, tag2, 16) == 0, "multi-part GCM equals SDF_AuthEnc");
  CALL(SDF_AuthDecInit, SDF_AuthDecInit(s, hk, SGD_SM4_GCM, nonce, 12, aad, 5, tag, 16, 48), SDR_OK);
  CALL(SDF_AuthDecUpdate, SDF_AuthDecUpdate(s, gct, 48, part, &l1), SDR_OK);
  CALL(SDF_AuthDecFinal, SDF_AuthDecFinal(s, part + l1, &l2), SDR_OK);
  EXPECT(l1 + l2 == 48 && memcmp(part, data, 48) == 0, "multi-part GCM decrypt returns the data");

  /* HMAC-SM3 with the session key; printed for an independent check */
  BYTE hm[32];
  ULONG hml = 0;
  CALL(SDF_HMACInit, SDF_HMACInit(s, hk, SGD_SM3), SDR_OK);
  CALL(SDF_HMACUpdate, SDF_HMACUpdate(s, data, 48), SDR_OK);
  CALL(SDF_HMACFinal, SDF_HMACFinal(s, hm, &hml), SDR_OK);
  printf("check hmac-sm3");
  hex("key", k, 16);
  hex("data", data, 48);
  hex("mac", hm, hml);
  printf("\n");

  /* external-key (validation) symmetric functions agree with the session key */
  CALL(SDF_ExternalKeyEncrypt, SDF_ExternalKeyEncrypt(s, SGD_SM4_ECB, k, 16, NULL, 0, p, 16, out, &outLen), SDR_OK);
  EXPECT(outLen == 16 && memcmp(out, want, 16) == 0, "ExternalKeyEncrypt gives the example ciphertext");
  CALL(SDF_ExternalKeyDecrypt, SDF_ExternalKeyDecrypt(s, SGD_SM4_ECB, k, 16, NULL, 0, want, 16, out, &outLen), SDR_OK);
  EXPECT(outLen == 16 && memcmp(out, p, 16) == 0, "ExternalKeyDecrypt returns the plaintext");
  CALL(SDF_ExternalKeyEncryptInit, SDF_ExternalKeyEncryptInit(s, SGD_SM4_CBC, k, 16, iv0, 16), SDR_OK);
  CALL(SDF_EncryptUpdate, SDF_EncryptUpdate(s, data, 48, part, &l1), SDR_OK);
  CALL(SDF_EncryptFinal, SDF_EncryptFinal(s, part + l1, &l2), SDR_OK);
  EXPECT(l1 + l2 == 48 && memcmp(part, cbc, 48) == 0, "ExternalKeyEncryptInit continues like EncryptInit");
  CALL(SDF_ExternalKeyDecryptInit, SDF_ExternalKeyDecryptInit(s, SGD_SM4_CBC, k, 16, iv0, 16), SDR_OK);
  CALL(SDF_DecryptUpdate, SDF_DecryptUpdate(s, cbc, 48, part, &l1), SDR_OK);
  CALL(SDF_DecryptFinal, SDF_DecryptFinal(s, part + l1, &l2), SDR_OK);
  EXPECT(l1 + l2 == 48 && memcmp(part, data, 48) == 0, "ExternalKeyDecryptInit round trip");
  CALL(SDF_ExternalKeyHMACInit, SDF_ExternalKeyHMACInit(s, SGD_SM3, k, 16), SDR_OK);
  CALL(SDF_HMACUpdate, SDF_HMACUpdate(s, data, 48), SDR_OK);
  CALL(SDF_HMACFinal, SDF_HMACFinal(s, part, &l1), SDR_OK);
  EXPECT(l1 == 32 && memcmp(part, hm, 32) == 0, "ExternalKeyHMACInit equals HMACInit with the same key");

  /* ---- session keys under device keys ---- */
  BYTE blob[512];
  ULONG blobLen = 0;
  HANDLE hk2 = NULL, hk3 = NULL;
  CALL(SDF_GenerateKeyWithKEK, SDF_GenerateKeyWithKEK(s, 128, SGD_SM4_ECB, 1, blob, &blobLen, &hk2), SDR_OK);
  CALL(SDF_ImportKeyWithKEK, SDF_ImportKeyWithKEK(s, SGD_SM4_ECB, 1, blob, blobLen, &hk3), SDR_OK);
  BYTE o2[16], o3[16];
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk2, SGD_SM4_ECB, NULL, p, 16, o2, &outLen), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk3, SGD_SM4_ECB, NULL, p, 16, o3, &outLen), SDR_OK);
  EXPECT(memcmp(o2, o3, 16) == 0, "a key wrapped under the KEK imports as the same key");

  ECCCipher *wk = new_cipher(64), *wk2 = new_cipher(64), *env = new_cipher(64);
  HANDLE hk4 = NULL, hk5 = NULL, hk6 = NULL;
  CALL(SDF_GenerateKeyWithIPK_ECC, SDF_GenerateKeyWithIPK_ECC(s, 1, 128, wk, &hk4), SDR_OK);
  CALL(SDF_ImportKeyWithISK_ECC, SDF_ImportKeyWithISK_ECC(s2, 1, wk, &hk5), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk4, SGD_SM4_ECB, NULL, p, 16, o2, &outLen), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s2, hk5, SGD_SM4_ECB, NULL, p, 16, o3, &outLen), SDR_OK);
  EXPECT(memcmp(o2, o3, 16) == 0, "GenerateKeyWithIPK_ECC key imports in another session as the same key");
  CALL(SDF_GenerateKeyWithEPK_ECC, SDF_GenerateKeyWithEPK_ECC(s, 128, SGD_SM2_3, &xPub, wk2, &hk6), SDR_OK);
  BYTE kbytes[64];
  ULONG kl = 0;
  CALL(SDF_ExternalDecrypt_ECC, SDF_ExternalDecrypt_ECC(s, SGD_SM2_3, &xPriv, wk2, kbytes, &kl), SDR_OK);
  CALL(SDF_ExternalKeyEncrypt, SDF_ExternalKeyEncrypt(s, SGD_SM4_ECB, kbytes, kl, NULL, 0, p, 16, o2, &outLen), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk6, SGD_SM4_ECB, NULL, p, 16, o3, &outLen), SDR_OK);
  EXPECT(kl == 16 && memcmp(o2, o3, 16) == 0, "GenerateKeyWithEPK_ECC wraps the session key to the external key");
  CALL(SDF_ExchangeDigitEnvelopeBaseOnECC, SDF_ExchangeDigitEnvelopeBaseOnECC(s, 1, SGD_SM2_3, &xPub, wk, env), SDR_OK);
  CALL(SDF_ExternalDecrypt_ECC, SDF_ExternalDecrypt_ECC(s, SGD_SM2_3, &xPriv, env, kbytes, &kl), SDR_OK);
  CALL(SDF_ExternalKeyEncrypt, SDF_ExternalKeyEncrypt(s, SGD_SM4_ECB, kbytes, kl, NULL, 0, p, 16, o3, &outLen), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk4, SGD_SM4_ECB, NULL, p, 16, o2, &outLen), SDR_OK);
  EXPECT(memcmp(o2, o3, 16) == 0, "the envelope re-wrapped to the external key holds the same session key");

  /* SM2 key agreement between two sessions (both sides use index 1) */
  ECCrefPublicKey spPub, spTmp, rpPub, rpTmp;
  HANDLE agree = NULL, hA = NULL, hB = NULL;
  BYTE sid[] = "sponsor", rid[] = "responder";
  CALL(SDF_GenerateAgreementDataWithECC, SDF_GenerateAgreementDataWithECC(s, 1, 128, sid, 7, &spPub, &spTmp, &agree), SDR_OK);
  CALL(SDF_GenerateAgreementDataAndKeyWithECC,
       SDF_GenerateAgreementDataAndKeyWithECC(s2, 1, 128, rid, 9, sid, 7, &spPub, &spTmp, &rpPub, &rpTmp, &hB), SDR_OK);
  CALL(SDF_GenerateKeyWithECC, SDF_GenerateKeyWithECC(s, rid, 9, &rpPub, &rpTmp, agree, &hA), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hA, SGD_SM4_ECB, NULL, p, 16, o2, &outLen), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s2, hB, SGD_SM4_ECB, NULL, p, 16, o3, &outLen), SDR_OK);
  EXPECT(memcmp(o2, o3, 16) == 0, "both sides of the SM2 key exchange derive the same key");

  /* handles belong to their session; destroyed handles are gone */
  CALL(SDF_Encrypt, SDF_Encrypt(s2, hk, SGD_SM4_ECB, NULL, p, 16, o2, &outLen), SDR_KEYNOTEXIST);
  CALL(SDF_DestroyKey, SDF_DestroyKey(s, hk2), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hk2, SGD_SM4_ECB, NULL, p, 16, o2, &outLen), SDR_KEYNOTEXIST);

  /* ---- RSA: internal pair at index 2, external pair, envelopes ---- */
  BYTE rsaPass[] = "rsa-pass";
  CALL(SDF_GetPrivateKeyAccessRight, SDF_GetPrivateKeyAccessRight(s, 2, rsaPass, 8), SDR_OK);
  RSArefPublicKey rSign, rEnc, rxPub;
  RSArefPrivateKey rxPriv;
  CALL(SDF_ExportSignPublicKey_RSA, SDF_ExportSignPublicKey_RSA(s, 2, &rSign), SDR_OK);
  CALL(SDF_ExportEncPublicKey_RSA, SDF_ExportEncPublicKey_RSA(s, 2, &rEnc), SDR_OK);
  EXPECT(rSign.bits == 2048 && rEnc.bits == 2048, "internal RSA keys are 2048 bits");
  BYTE rin[256], rout[256], rback[256];
  ULONG rl = 0, rbl = 0;
  memset(rin, 0, sizeof rin);
  rin[1] = 0x42;
  rin[255] = 0x17;
  CALL(SDF_InternalPublicKeyOperation_RSA, SDF_InternalPublicKeyOperation_RSA(s, 2, rin, 256, rout, &rl), SDR_OK);
  CALL(SDF_InternalPrivateKeyOperation_RSA, SDF_InternalPrivateKeyOperation_RSA(s, 2, rout, rl, rback, &rbl), SDR_OK);
  EXPECT(rbl == 256 && memcmp(rback, rin, 256) == 0, "internal RSA private operation inverts the public one");
  CALL(SDF_GenerateKeyPair_RSA, SDF_GenerateKeyPair_RSA(s, 2048, &rxPub, &rxPriv), SDR_OK);
  CALL(SDF_ExternalPublicKeyOperation_RSA, SDF_ExternalPublicKeyOperation_RSA(s, &rxPub, rin, 256, rout, &rl), SDR_OK);
  CALL(SDF_ExternalPrivateKeyOperation_RSA, SDF_ExternalPrivateKeyOperation_RSA(s, &rxPriv, rout, rl, rback, &rbl), SDR_OK);
  EXPECT(rbl == 256 && memcmp(rback, rin, 256) == 0, "external RSA private operation inverts the public one");
  BYTE rblob[512], rblob2[512];
  ULONG rbl1 = 0, rbl2 = 0;
  HANDLE hr1 = NULL, hr2 = NULL, hr3 = NULL;
  CALL(SDF_GenerateKeyWithIPK_RSA, SDF_GenerateKeyWithIPK_RSA(s, 2, 128, rblob, &rbl1, &hr1), SDR_OK);
  CALL(SDF_ImportKeyWithISK_RSA, SDF_ImportKeyWithISK_RSA(s, 2, rblob, rbl1, &hr2), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hr1, SGD_SM4_ECB, NULL, p, 16, o2, &outLen), SDR_OK);
  CALL(SDF_Encrypt, SDF_Encrypt(s, hr2, SGD_SM4_ECB, NULL, p, 16, o3, &outLen), SDR_OK);
  EXPECT(memcmp(o2, o3, 16) == 0, "GenerateKeyWithIPK_RSA key imports with ImportKeyWithISK_RSA");
  CALL(SDF_GenerateKeyWithEPK_RSA, SDF_GenerateKeyWithEPK_RSA(s, 128, &rxPub, rblob2, &rbl2, &hr3), SDR_OK);
  EXPECT(rbl2 == 256, "RSA-wrapped session key is one modulus long");
  CALL(SDF_ExchangeDigitEnvelopeBaseOnRSA, SDF_ExchangeDigitEnvelopeBaseOnRSA(s, 2, &rxPub, rblob, rbl1, rblob2, &rbl2), SDR_OK);
  EXPECT(rbl2 == 256, "re-wrapped RSA envelope is one modulus long");

  /* ---- user files ---- */
  BYTE fname[] = "c-test-file", fbuf[16];
  ULONG flen = 5;
  CALL(SDF_CreateFile, SDF_CreateFile(s, fname, 11, 64), SDR_OK);
  CALL(SDF_CreateFile, SDF_CreateFile(s, fname, 11, 64), SDR_FILEEXISTS);
  CALL(SDF_WriteFile, SDF_WriteFile(s, fname, 11, 10, 5, (BYTE *)"hello"), SDR_OK);
  CALL(SDF_ReadFile, SDF_ReadFile(s, fname, 11, 10, &flen, fbuf), SDR_OK);
  EXPECT(flen == 5 && memcmp(fbuf, "hello", 5) == 0, "a file reads back what was written at the offset");
  CALL(SDF_DeleteFile, SDF_DeleteFile(s, fname, 11), SDR_OK);
  flen = 5;
  CALL(SDF_ReadFile, SDF_ReadFile(s, fname, 11, 0, &flen, fbuf), SDR_FILENOEXIST);

  /* ---- access rights ---- */
  CALL(SDF_ReleasePrivateKeyAccessRight, SDF_ReleasePrivateKeyAccessRight(s, 1), SDR_OK);
  CALL(SDF_InternalSign_ECC, SDF_InternalSign_ECC(s, 1, e, 32, &sig), SDR_PARDENY);

  CALL(SDF_CloseSession, SDF_CloseSession(s2), SDR_OK);
  CALL(SDF_CloseSession, SDF_CloseSession(s), SDR_OK);
  CALL(SDF_CloseDevice, SDF_CloseDevice(dev), SDR_OK);
  free(ct);
  free(wk);
  free(wk2);
  free(env);
  printf("%s: %d failures\n", failures ? "FAILED" : "OK", failures);
  return failures ? 1 : 0;
}
