/* The GM/T 0018 C functions of libmimasdf: each marshals its arguments into a value list in
 * the order of src/protocol/functions.ts (the same function code), sends it, and unpacks the
 * outputs into the caller's buffers. Structures travel in their packed C layout, so they are
 * copied through unchanged. Output buffers are the caller's, sized as the standard says (e.g.
 * SDF_Encrypt's output is as long as its input); lengths are written back. */
#include <stdlib.h>
#include <string.h>

#include "../../include/sdf.h"
#include "transport.h"

/* Function codes: src/protocol/functions.ts (test/c checks the two agree). */
enum {
  F_OpenSession = 0x0101, F_CloseSession, F_GetDeviceInfo, F_GenerateRandom, F_GetPrivateKeyAccessRight, F_ReleasePrivateKeyAccessRight,
  F_ExportSignPublicKey_RSA = 0x0201, F_ExportEncPublicKey_RSA, F_GenerateKeyPair_RSA, F_GenerateKeyWithIPK_RSA, F_GenerateKeyWithEPK_RSA,
  F_ImportKeyWithISK_RSA, F_ExchangeDigitEnvelopeBaseOnRSA, F_ExportSignPublicKey_ECC, F_ExportEncPublicKey_ECC, F_GenerateKeyPair_ECC,
  F_GenerateKeyWithIPK_ECC, F_GenerateKeyWithEPK_ECC, F_ImportKeyWithISK_ECC, F_GenerateAgreementDataWithECC, F_GenerateKeyWithECC,
  F_GenerateAgreementDataAndKeyWithECC, F_ExchangeDigitEnvelopeBaseOnECC, F_GenerateKeyWithKEK, F_ImportKeyWithKEK, F_ImportKey, F_DestroyKey,
  F_ExternalPublicKeyOperation_RSA = 0x0301, F_InternalPublicKeyOperation_RSA, F_InternalPrivateKeyOperation_RSA, F_ExternalVerify_ECC,
  F_InternalSign_ECC, F_InternalVerify_ECC, F_ExternalEncrypt_ECC, F_InternalEncrypt_ECC, F_InternalDecrypt_ECC,
  F_Encrypt = 0x0401, F_Decrypt, F_CalculateMAC, F_AuthEnc, F_AuthDec, F_EncryptInit, F_EncryptUpdate, F_EncryptFinal, F_DecryptInit,
  F_DecryptUpdate, F_DecryptFinal, F_CalculateMACInit, F_CalculateMACUpdate, F_CalculateMACFinal, F_AuthEncInit, F_AuthEncUpdate,
  F_AuthEncFinal, F_AuthDecInit, F_AuthDecUpdate, F_AuthDecFinal,
  F_HashInit = 0x0501, F_HashUpdate, F_HashFinal, F_HMACInit, F_HMACUpdate, F_HMACFinal,
  F_CreateFile = 0x0601, F_ReadFile, F_WriteFile, F_DeleteFile,
  F_ExternalPrivateKeyOperation_RSA = 0x0701, F_ExternalSign_ECC, F_ExternalDecrypt_ECC, F_ExternalKeyEncrypt, F_ExternalKeyDecrypt,
  F_ExternalKeyEncryptInit, F_ExternalKeyDecryptInit, F_ExternalKeyHMACInit,
  F_InternalSign_ECC_Batch = 0x0801, F_InternalVerify_ECC_Batch,
};

#define ECC_CIPHER_HEADER 164 /* x, y, M, L before C */
#define IV_LEN 16

typedef struct {
  mm_device *dev;
  uint32_t remote;
} mm_session;

/* Key and agreement handles are the server's u32 handles carried in a pointer. */
static HANDLE to_handle(uint32_t h) { return (HANDLE)(uintptr_t)h; }
static uint32_t from_handle(HANDLE h) { return (uint32_t)(uintptr_t)h; }

static size_t cipher_size(const ECCCipher *c) { return ECC_CIPHER_HEADER + (size_t)c->L; }

/* A call in progress: request, then response outputs read in order. */
typedef struct {
  mm_session *s;
  mm_req req;
  mm_resp resp;
  int next;
} call_t;

static int begin(call_t *c, HANDLE hSession) {
  if (hSession == NULL) return SDR_INARGERR;
  c->s = (mm_session *)hSession;
  c->next = 0;
  mm_req_init(&c->req);
  mm_put_u32(&c->req, c->s->remote);
  return SDR_OK;
}

static int send_call(call_t *c, uint16_t fn, int outs) {
  int rv = mm_call(c->s->dev, fn, &c->req, &c->resp);
  if (rv == SDR_OK && c->resp.count != outs) {
    mm_resp_free(&c->resp);
    return SDR_COMMFAIL;
  }
  return rv;
}

static const mm_val *next_out(call_t *c, int tag) {
  const mm_val *v = &c->resp.outs[c->next++];
  return v->tag == tag ? v : NULL;
}

static int out_u32(call_t *c, uint32_t *dst) {
  const mm_val *v = next_out(c, MM_U32);
  if (!v) return SDR_COMMFAIL;
  if (dst) *dst = v->u32;
  return SDR_OK;
}

static int out_handle(call_t *c, HANDLE *dst) {
  uint32_t h;
  int rv = out_u32(c, &h);
  if (rv == SDR_OK) {
    if (!dst) return SDR_OUTARGERR;
    *dst = to_handle(h);
  }
  return rv;
}

/* Copies a bytes output; when `expect` is non-zero the length must be exactly that. */
static int out_copy(call_t *c, void *dst, size_t expect, ULONG *plen) {
  const mm_val *v = next_out(c, MM_BYTES);
  if (!v) return SDR_COMMFAIL;
  if (expect && v->len != expect) return SDR_COMMFAIL;
  if (v->len && !dst) return SDR_OUTARGERR;
  if (v->len) memcpy(dst, v->data, v->len);
  if (plen) *plen = v->len;
  return SDR_OK;
}

static int finish(call_t *c, int rv) {
  mm_resp_free(&c->resp);
  return rv;
}

#define BEGIN(h)                     \
  call_t c;                          \
  int rv = begin(&c, h);             \
  if (rv != SDR_OK) return rv
#define SEND(fn, outs)                      \
  rv = send_call(&c, fn, outs);             \
  if (rv != SDR_OK) return rv
#define OUT(expr)                        \
  if ((rv = (expr)) != SDR_OK) return finish(&c, rv)
#define END return finish(&c, SDR_OK)

/* ---- device management ---- */

int SDF_OpenDevice(HANDLE *phDeviceHandle) {
  if (phDeviceHandle == NULL) return SDR_OUTARGERR;
  mm_device *d;
  int rv = mm_device_open(&d);
  if (rv == SDR_OK) *phDeviceHandle = d;
  return rv;
}

int SDF_CloseDevice(HANDLE hDeviceHandle) {
  if (hDeviceHandle == NULL) return SDR_INARGERR;
  mm_device_close((mm_device *)hDeviceHandle); /* the server closes the connection's sessions */
  return SDR_OK;
}

int SDF_OpenSession(HANDLE hDeviceHandle, HANDLE *phSessionHandle) {
  if (hDeviceHandle == NULL) return SDR_INARGERR;
  if (phSessionHandle == NULL) return SDR_OUTARGERR;
  mm_session *s = calloc(1, sizeof *s);
  if (s == NULL) return SDR_NOBUFFER;
  s->dev = (mm_device *)hDeviceHandle;
  call_t c = {.s = s};
  mm_req_init(&c.req);
  int rv = send_call(&c, F_OpenSession, 1);
  if (rv == SDR_OK) rv = out_u32(&c, &s->remote);
  finish(&c, rv);
  if (rv != SDR_OK) {
    free(s);
    return rv;
  }
  *phSessionHandle = s;
  return SDR_OK;
}

int SDF_CloseSession(HANDLE hSessionHandle) {
  BEGIN(hSessionHandle);
  SEND(F_CloseSession, 0);
  finish(&c, SDR_OK);
  free(hSessionHandle);
  return SDR_OK;
}

int SDF_GetDeviceInfo(HANDLE hSessionHandle, DEVICEINFO *pstDeviceInfo) {
  BEGIN(hSessionHandle);
  SEND(F_GetDeviceInfo, 1);
  OUT(out_copy(&c, pstDeviceInfo, sizeof(DEVICEINFO), NULL));
  END;
}

int SDF_GenerateRandom(HANDLE hSessionHandle, ULONG uiLength, BYTE *pucRandom) {
  BEGIN(hSessionHandle);
  mm_put_u32(&c.req, uiLength);
  SEND(F_GenerateRandom, 1);
  OUT(out_copy(&c, pucRandom, uiLength, NULL));
  END;
}

int SDF_GetPrivateKeyAccessRight(HANDLE hSessionHandle, ULONG uiKeyIndex, BYTE *pucPassword, ULONG uiPwdLength) {
  BEGIN(hSessionHandle);
  mm_put_u32(&c.req, uiKeyIndex);
  mm_put_bytes(&c.req, pucPassword, uiPwdLength);
  SEND(F_GetPrivateKeyAccessRight, 0);
  END;
}

int SDF_ReleasePrivateKeyAccessRight(HANDLE hSessionHandle, ULONG uiKeyIndex) {
  BEGIN(hSessionHandle);
  mm_put_u32(&c.req, uiKeyIndex);
  SEND(F_ReleasePrivateKeyAccessRight, 0);
  END;
}

/* ---- key management ---- */

static int export_rsa(HANDLE hS, uint16_t fn, ULONG idx, RSArefPublicKey *pub) {
  BEGIN(hS);
  mm_put_u32(&c.req, idx);
  SEND(fn, 1);
  OUT(out_copy(&c, pub, sizeof *pub, NULL));
  END;
}
int SDF_ExportSignPublicKey_RSA(HANDLE hS, ULONG idx, RSArefPublicKey *pub) { return export_rsa(hS, F_ExportSignPublicKey_RSA, idx, pub); }
int SDF_ExportEncPublicKey_RSA(HANDLE hS, ULONG idx, RSArefPublicKey *pub) { return export_rsa(hS, F_ExportEncPublicKey_RSA, idx, pub); }

static int export_ecc(HANDLE hS, uint16_t fn, ULONG idx, ECCrefPublicKey *pub) {
  BEGIN(hS);
  mm_put_u32(&c.req, idx);
  SEND(fn, 1);
  OUT(out_copy(&c, pub, sizeof *pub, NULL));
  END;
}
int SDF_ExportSignPublicKey_ECC(HANDLE hS, ULONG idx, ECCrefPublicKey *pub) { return export_ecc(hS, F_ExportSignPublicKey_ECC, idx, pub); }
int SDF_ExportEncPublicKey_ECC(HANDLE hS, ULONG idx, ECCrefPublicKey *pub) { return export_ecc(hS, F_ExportEncPublicKey_ECC, idx, pub); }

int SDF_GenerateKeyPair_RSA(HANDLE hS, ULONG uiKeyBits, RSArefPublicKey *pub, RSArefPrivateKey *priv) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiKeyBits);
  SEND(F_GenerateKeyPair_RSA, 2);
  OUT(out_copy(&c, pub, sizeof *pub, NULL));
  OUT(out_copy(&c, priv, sizeof *priv, NULL));
  END;
}

int SDF_GenerateKeyWithIPK_RSA(HANDLE hS, ULONG uiIPKIndex, ULONG uiKeyBits, BYTE *pucKey, ULONG *puiKeyLength, HANDLE *phKeyHandle) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiIPKIndex);
  mm_put_u32(&c.req, uiKeyBits);
  SEND(F_GenerateKeyWithIPK_RSA, 2);
  OUT(out_copy(&c, pucKey, 0, puiKeyLength));
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_GenerateKeyWithEPK_RSA(HANDLE hS, ULONG uiKeyBits, RSArefPublicKey *pub, BYTE *pucKey, ULONG *puiKeyLength, HANDLE *phKeyHandle) {
  if (pub == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiKeyBits);
  mm_put_bytes(&c.req, pub, sizeof *pub);
  SEND(F_GenerateKeyWithEPK_RSA, 2);
  OUT(out_copy(&c, pucKey, 0, puiKeyLength));
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_ImportKeyWithISK_RSA(HANDLE hS, ULONG uiISKIndex, BYTE *pucKey, ULONG uiKeyLength, HANDLE *phKeyHandle) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiISKIndex);
  mm_put_bytes(&c.req, pucKey, uiKeyLength);
  SEND(F_ImportKeyWithISK_RSA, 1);
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_ExchangeDigitEnvelopeBaseOnRSA(HANDLE hS, ULONG uiKeyIndex, RSArefPublicKey *pub, BYTE *pucDEInput, ULONG uiDELength, BYTE *pucDEOutput,
                                       ULONG *puiDELength) {
  if (pub == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiKeyIndex);
  mm_put_bytes(&c.req, pub, sizeof *pub);
  mm_put_bytes(&c.req, pucDEInput, uiDELength);
  SEND(F_ExchangeDigitEnvelopeBaseOnRSA, 1);
  OUT(out_copy(&c, pucDEOutput, 0, puiDELength));
  END;
}

int SDF_GenerateKeyPair_ECC(HANDLE hS, ULONG uiAlgID, ULONG uiKeyBits, ECCrefPublicKey *pub, ECCrefPrivateKey *priv) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_u32(&c.req, uiKeyBits);
  SEND(F_GenerateKeyPair_ECC, 2);
  OUT(out_copy(&c, pub, sizeof *pub, NULL));
  OUT(out_copy(&c, priv, sizeof *priv, NULL));
  END;
}

int SDF_GenerateKeyWithIPK_ECC(HANDLE hS, ULONG uiIPKIndex, ULONG uiKeyBits, ECCCipher *pucKey, HANDLE *phKeyHandle) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiIPKIndex);
  mm_put_u32(&c.req, uiKeyBits);
  SEND(F_GenerateKeyWithIPK_ECC, 2);
  OUT(out_copy(&c, pucKey, 0, NULL));
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_GenerateKeyWithEPK_ECC(HANDLE hS, ULONG uiKeyBits, ULONG uiAlgID, ECCrefPublicKey *pub, ECCCipher *pucKey, HANDLE *phKeyHandle) {
  if (pub == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiKeyBits);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_bytes(&c.req, pub, sizeof *pub);
  SEND(F_GenerateKeyWithEPK_ECC, 2);
  OUT(out_copy(&c, pucKey, 0, NULL));
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_ImportKeyWithISK_ECC(HANDLE hS, ULONG uiISKIndex, ECCCipher *pucKey, HANDLE *phKeyHandle) {
  if (pucKey == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiISKIndex);
  mm_put_bytes(&c.req, pucKey, cipher_size(pucKey));
  SEND(F_ImportKeyWithISK_ECC, 1);
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_GenerateAgreementDataWithECC(HANDLE hS, ULONG uiISKIndex, ULONG uiKeyBits, BYTE *pucSponsorID, ULONG uiSponsorIDLength,
                                     ECCrefPublicKey *pucSponsorPublicKey, ECCrefPublicKey *pucSponsorTmpPublicKey, HANDLE *phAgreementHandle) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiISKIndex);
  mm_put_u32(&c.req, uiKeyBits);
  mm_put_bytes(&c.req, pucSponsorID, uiSponsorIDLength);
  SEND(F_GenerateAgreementDataWithECC, 3);
  OUT(out_copy(&c, pucSponsorPublicKey, sizeof(ECCrefPublicKey), NULL));
  OUT(out_copy(&c, pucSponsorTmpPublicKey, sizeof(ECCrefPublicKey), NULL));
  OUT(out_handle(&c, phAgreementHandle));
  END;
}

int SDF_GenerateKeyWithECC(HANDLE hS, BYTE *pucResponseID, ULONG uiResponseIDLength, ECCrefPublicKey *pucResponsePublicKey,
                           ECCrefPublicKey *pucResponseTmpPublicKey, HANDLE hAgreementHandle, HANDLE *phKeyHandle) {
  if (pucResponsePublicKey == NULL || pucResponseTmpPublicKey == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_bytes(&c.req, pucResponseID, uiResponseIDLength);
  mm_put_bytes(&c.req, pucResponsePublicKey, sizeof(ECCrefPublicKey));
  mm_put_bytes(&c.req, pucResponseTmpPublicKey, sizeof(ECCrefPublicKey));
  mm_put_u32(&c.req, from_handle(hAgreementHandle));
  SEND(F_GenerateKeyWithECC, 1);
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_GenerateAgreementDataAndKeyWithECC(HANDLE hS, ULONG uiISKIndex, ULONG uiKeyBits, BYTE *pucResponseID, ULONG uiResponseIDLength,
                                           BYTE *pucSponsorID, ULONG uiSponsorIDLength, ECCrefPublicKey *pucSponsorPublicKey,
                                           ECCrefPublicKey *pucSponsorTmpPublicKey, ECCrefPublicKey *pucResponsePublicKey,
                                           ECCrefPublicKey *pucResponseTmpPublicKey, HANDLE *phKeyHandle) {
  if (pucSponsorPublicKey == NULL || pucSponsorTmpPublicKey == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiISKIndex);
  mm_put_u32(&c.req, uiKeyBits);
  mm_put_bytes(&c.req, pucResponseID, uiResponseIDLength);
  mm_put_bytes(&c.req, pucSponsorID, uiSponsorIDLength);
  mm_put_bytes(&c.req, pucSponsorPublicKey, sizeof(ECCrefPublicKey));
  mm_put_bytes(&c.req, pucSponsorTmpPublicKey, sizeof(ECCrefPublicKey));
  SEND(F_GenerateAgreementDataAndKeyWithECC, 3);
  OUT(out_copy(&c, pucResponsePublicKey, sizeof(ECCrefPublicKey), NULL));
  OUT(out_copy(&c, pucResponseTmpPublicKey, sizeof(ECCrefPublicKey), NULL));
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_ExchangeDigitEnvelopeBaseOnECC(HANDLE hS, ULONG uiKeyIndex, ULONG uiAlgID, ECCrefPublicKey *pub, ECCCipher *pucEncDataIn,
                                       ECCCipher *pucEncDataOut) {
  if (pub == NULL || pucEncDataIn == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiKeyIndex);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_bytes(&c.req, pub, sizeof *pub);
  mm_put_bytes(&c.req, pucEncDataIn, cipher_size(pucEncDataIn));
  SEND(F_ExchangeDigitEnvelopeBaseOnECC, 1);
  OUT(out_copy(&c, pucEncDataOut, 0, NULL));
  END;
}

int SDF_GenerateKeyWithKEK(HANDLE hS, ULONG uiKeyBits, ULONG uiAlgID, ULONG uiKEKIndex, BYTE *pucKey, ULONG *puiKeyLength, HANDLE *phKeyHandle) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiKeyBits);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_u32(&c.req, uiKEKIndex);
  SEND(F_GenerateKeyWithKEK, 2);
  OUT(out_copy(&c, pucKey, 0, puiKeyLength));
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_ImportKeyWithKEK(HANDLE hS, ULONG uiAlgID, ULONG uiKEKIndex, BYTE *pucKey, ULONG uiKeyLength, HANDLE *phKeyHandle) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_u32(&c.req, uiKEKIndex);
  mm_put_bytes(&c.req, pucKey, uiKeyLength);
  SEND(F_ImportKeyWithKEK, 1);
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_ImportKey(HANDLE hS, BYTE *pucKey, ULONG uiKeyLength, HANDLE *phKeyHandle) {
  BEGIN(hS);
  mm_put_bytes(&c.req, pucKey, uiKeyLength);
  SEND(F_ImportKey, 1);
  OUT(out_handle(&c, phKeyHandle));
  END;
}

int SDF_DestroyKey(HANDLE hS, HANDLE hKeyHandle) {
  BEGIN(hS);
  mm_put_u32(&c.req, from_handle(hKeyHandle));
  SEND(F_DestroyKey, 0);
  END;
}

/* ---- asymmetric operations ---- */

int SDF_ExternalPublicKeyOperation_RSA(HANDLE hS, RSArefPublicKey *pub, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  if (pub == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_bytes(&c.req, pub, sizeof *pub);
  mm_put_bytes(&c.req, in, inLen);
  SEND(F_ExternalPublicKeyOperation_RSA, 1);
  OUT(out_copy(&c, out, 0, outLen));
  END;
}

static int internal_rsa(HANDLE hS, uint16_t fn, ULONG idx, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  BEGIN(hS);
  mm_put_u32(&c.req, idx);
  mm_put_bytes(&c.req, in, inLen);
  SEND(fn, 1);
  OUT(out_copy(&c, out, 0, outLen));
  END;
}
int SDF_InternalPublicKeyOperation_RSA(HANDLE hS, ULONG idx, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  return internal_rsa(hS, F_InternalPublicKeyOperation_RSA, idx, in, inLen, out, outLen);
}
int SDF_InternalPrivateKeyOperation_RSA(HANDLE hS, ULONG idx, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  return internal_rsa(hS, F_InternalPrivateKeyOperation_RSA, idx, in, inLen, out, outLen);
}

int SDF_ExternalVerify_ECC(HANDLE hS, ULONG uiAlgID, ECCrefPublicKey *pub, BYTE *in, ULONG inLen, ECCSignature *sig) {
  if (pub == NULL || sig == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_bytes(&c.req, pub, sizeof *pub);
  mm_put_bytes(&c.req, in, inLen);
  mm_put_bytes(&c.req, sig, sizeof *sig);
  SEND(F_ExternalVerify_ECC, 0);
  END;
}

int SDF_InternalSign_ECC(HANDLE hS, ULONG uiISKIndex, BYTE *pucData, ULONG uiDataLength, ECCSignature *sig) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiISKIndex);
  mm_put_bytes(&c.req, pucData, uiDataLength);
  SEND(F_InternalSign_ECC, 1);
  OUT(out_copy(&c, sig, sizeof *sig, NULL));
  END;
}

int SDF_InternalVerify_ECC(HANDLE hS, ULONG uiIPKIndex, BYTE *pucData, ULONG uiDataLength, ECCSignature *sig) {
  if (sig == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiIPKIndex);
  mm_put_bytes(&c.req, pucData, uiDataLength);
  mm_put_bytes(&c.req, sig, sizeof *sig);
  SEND(F_InternalVerify_ECC, 0);
  END;
}

int SDF_ExternalEncrypt_ECC(HANDLE hS, ULONG uiAlgID, ECCrefPublicKey *pub, BYTE *pucData, ULONG uiDataLength, ECCCipher *pucEncData) {
  if (pub == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_bytes(&c.req, pub, sizeof *pub);
  mm_put_bytes(&c.req, pucData, uiDataLength);
  SEND(F_ExternalEncrypt_ECC, 1);
  OUT(out_copy(&c, pucEncData, 0, NULL));
  END;
}

int SDF_InternalEncrypt_ECC(HANDLE hS, ULONG uiIPKIndex, ULONG uiAlgID, BYTE *pucData, ULONG uiDataLength, ECCCipher *pucEncData) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiIPKIndex);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_bytes(&c.req, pucData, uiDataLength);
  SEND(F_InternalEncrypt_ECC, 1);
  OUT(out_copy(&c, pucEncData, 0, NULL));
  END;
}

int SDF_InternalDecrypt_ECC(HANDLE hS, ULONG uiISKIndex, ULONG uiAlgID, ECCCipher *pucEncData, BYTE *pucData, ULONG *puiDataLength) {
  if (pucEncData == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiISKIndex);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_bytes(&c.req, pucEncData, cipher_size(pucEncData));
  SEND(F_InternalDecrypt_ECC, 1);
  OUT(out_copy(&c, pucData, 0, puiDataLength));
  END;
}

/* ---- symmetric operations ---- */

/* Single-call cipher and MAC: IV in, data in; output and the updated IV (written back) out. */
static int sym_call(HANDLE hS, uint16_t fn, HANDLE hK, ULONG alg, BYTE *iv, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  BEGIN(hS);
  mm_put_u32(&c.req, from_handle(hK));
  mm_put_u32(&c.req, alg);
  mm_put_opt(&c.req, iv, IV_LEN);
  mm_put_bytes(&c.req, in, inLen);
  SEND(fn, 2);
  OUT(out_copy(&c, out, 0, outLen));
  const mm_val *v = next_out(&c, MM_BYTES);
  if (!v) return finish(&c, SDR_COMMFAIL);
  if (iv && v->len == IV_LEN) memcpy(iv, v->data, IV_LEN);
  END;
}
int SDF_Encrypt(HANDLE hS, HANDLE hK, ULONG alg, BYTE *iv, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  return sym_call(hS, F_Encrypt, hK, alg, iv, in, inLen, out, outLen);
}
int SDF_Decrypt(HANDLE hS, HANDLE hK, ULONG alg, BYTE *iv, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  return sym_call(hS, F_Decrypt, hK, alg, iv, in, inLen, out, outLen);
}
int SDF_CalculateMAC(HANDLE hS, HANDLE hK, ULONG alg, BYTE *iv, BYTE *in, ULONG inLen, BYTE *mac, ULONG *macLen) {
  return sym_call(hS, F_CalculateMAC, hK, alg, iv, in, inLen, mac, macLen);
}

int SDF_AuthEnc(HANDLE hS, HANDLE hK, ULONG alg, BYTE *sv, ULONG svLen, BYTE *aad, ULONG aadLen, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen,
                BYTE *tag, ULONG *tagLen) {
  BEGIN(hS);
  mm_put_u32(&c.req, from_handle(hK));
  mm_put_u32(&c.req, alg);
  mm_put_bytes(&c.req, sv, svLen);
  mm_put_opt(&c.req, aad, aadLen);
  mm_put_bytes(&c.req, in, inLen);
  SEND(F_AuthEnc, 2);
  OUT(out_copy(&c, out, 0, outLen));
  OUT(out_copy(&c, tag, 0, tagLen));
  END;
}

int SDF_AuthDec(HANDLE hS, HANDLE hK, ULONG alg, BYTE *sv, ULONG svLen, BYTE *aad, ULONG aadLen, BYTE *tag, ULONG *tagLen, BYTE *in, ULONG inLen,
                BYTE *out, ULONG *outLen) {
  if (tagLen == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, from_handle(hK));
  mm_put_u32(&c.req, alg);
  mm_put_bytes(&c.req, sv, svLen);
  mm_put_opt(&c.req, aad, aadLen);
  mm_put_bytes(&c.req, tag, *tagLen);
  mm_put_bytes(&c.req, in, inLen);
  SEND(F_AuthDec, 1);
  OUT(out_copy(&c, out, 0, outLen));
  END;
}

static int init_call(HANDLE hS, uint16_t fn, HANDLE hK, ULONG alg, BYTE *iv, ULONG ivLen) {
  BEGIN(hS);
  mm_put_u32(&c.req, from_handle(hK));
  mm_put_u32(&c.req, alg);
  mm_put_opt(&c.req, iv, ivLen);
  SEND(fn, 0);
  END;
}
int SDF_EncryptInit(HANDLE hS, HANDLE hK, ULONG alg, BYTE *iv, ULONG ivLen) { return init_call(hS, F_EncryptInit, hK, alg, iv, ivLen); }
int SDF_DecryptInit(HANDLE hS, HANDLE hK, ULONG alg, BYTE *iv, ULONG ivLen) { return init_call(hS, F_DecryptInit, hK, alg, iv, ivLen); }
int SDF_CalculateMACInit(HANDLE hS, HANDLE hK, ULONG alg, BYTE *iv, ULONG ivLen) { return init_call(hS, F_CalculateMACInit, hK, alg, iv, ivLen); }

/* Update with data in and (optionally) data out. */
static int update_call(HANDLE hS, uint16_t fn, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen, int outs) {
  BEGIN(hS);
  mm_put_bytes(&c.req, in, inLen);
  SEND(fn, outs);
  if (outs) OUT(out_copy(&c, out, 0, outLen));
  END;
}
int SDF_EncryptUpdate(HANDLE hS, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) { return update_call(hS, F_EncryptUpdate, in, inLen, out, outLen, 1); }
int SDF_DecryptUpdate(HANDLE hS, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) { return update_call(hS, F_DecryptUpdate, in, inLen, out, outLen, 1); }
int SDF_CalculateMACUpdate(HANDLE hS, BYTE *in, ULONG inLen) { return update_call(hS, F_CalculateMACUpdate, in, inLen, NULL, NULL, 0); }
int SDF_AuthEncUpdate(HANDLE hS, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) { return update_call(hS, F_AuthEncUpdate, in, inLen, out, outLen, 1); }
int SDF_AuthDecUpdate(HANDLE hS, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) { return update_call(hS, F_AuthDecUpdate, in, inLen, out, outLen, 1); }
int SDF_HashUpdate(HANDLE hS, BYTE *in, ULONG inLen) { return update_call(hS, F_HashUpdate, in, inLen, NULL, NULL, 0); }
int SDF_HMACUpdate(HANDLE hS, BYTE *in, ULONG inLen) { return update_call(hS, F_HMACUpdate, in, inLen, NULL, NULL, 0); }

/* Final with one bytes output. */
static int final_call(HANDLE hS, uint16_t fn, BYTE *out, ULONG *outLen) {
  BEGIN(hS);
  SEND(fn, 1);
  OUT(out_copy(&c, out, 0, outLen));
  END;
}
int SDF_EncryptFinal(HANDLE hS, BYTE *out, ULONG *outLen) { return final_call(hS, F_EncryptFinal, out, outLen); }
int SDF_DecryptFinal(HANDLE hS, BYTE *out, ULONG *outLen) { return final_call(hS, F_DecryptFinal, out, outLen); }
int SDF_CalculateMACFinal(HANDLE hS, BYTE *mac, ULONG *macLen) { return final_call(hS, F_CalculateMACFinal, mac, macLen); }
int SDF_AuthDecFinal(HANDLE hS, BYTE *out, ULONG *outLen) { return final_call(hS, F_AuthDecFinal, out, outLen); }
int SDF_HashFinal(HANDLE hS, BYTE *hash, ULONG *hashLen) { return final_call(hS, F_HashFinal, hash, hashLen); }
int SDF_HMACFinal(HANDLE hS, BYTE *mac, ULONG *macLen) { return final_call(hS, F_HMACFinal, mac, macLen); }

int SDF_AuthEncFinal(HANDLE hS, BYTE *out, ULONG *outLen, BYTE *tag, ULONG *tagLen) {
  BEGIN(hS);
  SEND(F_AuthEncFinal, 2);
  OUT(out_copy(&c, out, 0, outLen));
  OUT(out_copy(&c, tag, 0, tagLen));
  END;
}

int SDF_AuthEncInit(HANDLE hS, HANDLE hK, ULONG alg, BYTE *sv, ULONG svLen, BYTE *aad, ULONG aadLen, ULONG dataLen) {
  BEGIN(hS);
  mm_put_u32(&c.req, from_handle(hK));
  mm_put_u32(&c.req, alg);
  mm_put_bytes(&c.req, sv, svLen);
  mm_put_opt(&c.req, aad, aadLen);
  mm_put_u32(&c.req, dataLen);
  SEND(F_AuthEncInit, 0);
  END;
}

int SDF_AuthDecInit(HANDLE hS, HANDLE hK, ULONG alg, BYTE *sv, ULONG svLen, BYTE *aad, ULONG aadLen, BYTE *tag, ULONG tagLen, ULONG dataLen) {
  BEGIN(hS);
  mm_put_u32(&c.req, from_handle(hK));
  mm_put_u32(&c.req, alg);
  mm_put_bytes(&c.req, sv, svLen);
  mm_put_opt(&c.req, aad, aadLen);
  mm_put_bytes(&c.req, tag, tagLen);
  mm_put_u32(&c.req, dataLen);
  SEND(F_AuthDecInit, 0);
  END;
}

/* ---- hash and HMAC ---- */

int SDF_HashInit(HANDLE hS, ULONG uiAlgID, ECCrefPublicKey *pub, BYTE *pucID, ULONG uiIDLength) {
  BEGIN(hS);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_opt(&c.req, pub, sizeof(ECCrefPublicKey));
  mm_put_opt(&c.req, pucID, uiIDLength);
  SEND(F_HashInit, 0);
  END;
}

int SDF_HMACInit(HANDLE hS, HANDLE hK, ULONG uiAlgID) {
  BEGIN(hS);
  mm_put_u32(&c.req, from_handle(hK));
  mm_put_u32(&c.req, uiAlgID);
  SEND(F_HMACInit, 0);
  END;
}

/* ---- user files ---- */

int SDF_CreateFile(HANDLE hS, BYTE *name, ULONG nameLen, ULONG size) {
  BEGIN(hS);
  mm_put_bytes(&c.req, name, nameLen);
  mm_put_u32(&c.req, size);
  SEND(F_CreateFile, 0);
  END;
}

int SDF_ReadFile(HANDLE hS, BYTE *name, ULONG nameLen, ULONG offset, ULONG *puiFileLength, BYTE *buf) {
  if (puiFileLength == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_bytes(&c.req, name, nameLen);
  mm_put_u32(&c.req, offset);
  mm_put_u32(&c.req, *puiFileLength);
  SEND(F_ReadFile, 1);
  OUT(out_copy(&c, buf, 0, puiFileLength));
  END;
}

int SDF_WriteFile(HANDLE hS, BYTE *name, ULONG nameLen, ULONG offset, ULONG len, BYTE *buf) {
  BEGIN(hS);
  mm_put_bytes(&c.req, name, nameLen);
  mm_put_u32(&c.req, offset);
  mm_put_bytes(&c.req, buf, len);
  SEND(F_WriteFile, 0);
  END;
}

int SDF_DeleteFile(HANDLE hS, BYTE *name, ULONG nameLen) {
  BEGIN(hS);
  mm_put_bytes(&c.req, name, nameLen);
  SEND(F_DeleteFile, 0);
  END;
}

/* ---- 2023 validation functions (session handle first) ---- */

int SDF_ExternalPrivateKeyOperation_RSA(HANDLE hS, RSArefPrivateKey *priv, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  if (priv == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_bytes(&c.req, priv, sizeof *priv);
  mm_put_bytes(&c.req, in, inLen);
  SEND(F_ExternalPrivateKeyOperation_RSA, 1);
  OUT(out_copy(&c, out, 0, outLen));
  END;
}

int SDF_ExternalSign_ECC(HANDLE hS, ULONG uiAlgID, ECCrefPrivateKey *priv, BYTE *pucData, ULONG uiDataLength, ECCSignature *sig) {
  if (priv == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_bytes(&c.req, priv, sizeof *priv);
  mm_put_bytes(&c.req, pucData, uiDataLength);
  SEND(F_ExternalSign_ECC, 1);
  OUT(out_copy(&c, sig, sizeof *sig, NULL));
  END;
}

int SDF_ExternalDecrypt_ECC(HANDLE hS, ULONG uiAlgID, ECCrefPrivateKey *priv, ECCCipher *enc, BYTE *out, ULONG *outLen) {
  if (priv == NULL || enc == NULL) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiAlgID);
  mm_put_bytes(&c.req, priv, sizeof *priv);
  mm_put_bytes(&c.req, enc, cipher_size(enc));
  SEND(F_ExternalDecrypt_ECC, 1);
  OUT(out_copy(&c, out, 0, outLen));
  END;
}

static int external_key_call(HANDLE hS, uint16_t fn, ULONG alg, BYTE *key, ULONG keyLen, BYTE *iv, ULONG ivLen, BYTE *in, ULONG inLen, BYTE *out,
                             ULONG *outLen) {
  BEGIN(hS);
  mm_put_u32(&c.req, alg);
  mm_put_bytes(&c.req, key, keyLen);
  mm_put_opt(&c.req, iv, ivLen);
  mm_put_bytes(&c.req, in, inLen);
  SEND(fn, 1);
  OUT(out_copy(&c, out, 0, outLen));
  END;
}
int SDF_ExternalKeyEncrypt(HANDLE hS, ULONG alg, BYTE *key, ULONG keyLen, BYTE *iv, ULONG ivLen, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  return external_key_call(hS, F_ExternalKeyEncrypt, alg, key, keyLen, iv, ivLen, in, inLen, out, outLen);
}
int SDF_ExternalKeyDecrypt(HANDLE hS, ULONG alg, BYTE *key, ULONG keyLen, BYTE *iv, ULONG ivLen, BYTE *in, ULONG inLen, BYTE *out, ULONG *outLen) {
  return external_key_call(hS, F_ExternalKeyDecrypt, alg, key, keyLen, iv, ivLen, in, inLen, out, outLen);
}

static int external_init(HANDLE hS, uint16_t fn, ULONG alg, BYTE *key, ULONG keyLen, BYTE *iv, ULONG ivLen, int hasIv) {
  BEGIN(hS);
  mm_put_u32(&c.req, alg);
  mm_put_bytes(&c.req, key, keyLen);
  if (hasIv) mm_put_opt(&c.req, iv, ivLen);
  SEND(fn, 0);
  END;
}
int SDF_ExternalKeyEncryptInit(HANDLE hS, ULONG alg, BYTE *key, ULONG keyLen, BYTE *iv, ULONG ivLen) {
  return external_init(hS, F_ExternalKeyEncryptInit, alg, key, keyLen, iv, ivLen, 1);
}
int SDF_ExternalKeyDecryptInit(HANDLE hS, ULONG alg, BYTE *key, ULONG keyLen, BYTE *iv, ULONG ivLen) {
  return external_init(hS, F_ExternalKeyDecryptInit, alg, key, keyLen, iv, ivLen, 1);
}
int SDF_ExternalKeyHMACInit(HANDLE hS, ULONG alg, BYTE *key, ULONG keyLen) { return external_init(hS, F_ExternalKeyHMACInit, alg, key, keyLen, NULL, 0, 0); }

/* ---- Mima batch extensions ---- */

int MIMA_InternalSign_ECC_Batch(HANDLE hS, ULONG uiISKIndex, BYTE *pucDigests, ULONG uiCount, ECCSignature *pucSignatures) {
  if (uiCount > 0xffffffffu / 32) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiISKIndex);
  mm_put_bytes(&c.req, pucDigests, (size_t)uiCount * 32);
  SEND(F_InternalSign_ECC_Batch, 1);
  OUT(out_copy(&c, pucSignatures, (size_t)uiCount * sizeof(ECCSignature), NULL));
  END;
}

int MIMA_InternalVerify_ECC_Batch(HANDLE hS, ULONG uiIPKIndex, BYTE *pucDigests, ULONG uiCount, ECCSignature *pucSignatures, BYTE *pucResults) {
  if (uiCount > 0xffffffffu / sizeof(ECCSignature)) return SDR_INARGERR;
  BEGIN(hS);
  mm_put_u32(&c.req, uiIPKIndex);
  mm_put_bytes(&c.req, pucDigests, (size_t)uiCount * 32);
  mm_put_bytes(&c.req, pucSignatures, (size_t)uiCount * sizeof(ECCSignature));
  SEND(F_InternalVerify_ECC_Batch, 1);
  OUT(out_copy(&c, pucResults, uiCount, NULL));
  END;
}
