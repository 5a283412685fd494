/*
 * GM/T 0018 (SDF) application interface of the Mima server crypto machine.
 *
 * libmimasdf.so exports these functions and forwards every call over the Mima wire protocol
 * (docs/protocol.md) to a `mima serve` machine, so software written against a PCI-E card's
 * SDF library runs unchanged against the network machine. Structures, algorithm identifiers
 * and return codes are the standard's (GM/T 0018-2012, with the 2023 edition's additions).
 *
 * Configuration: the file named by MIMA_SDF_CONFIG, else ./data/clients/demo/sdf.conf
 * (`key = value` lines: host, port, cert, key, ca; written by `npm start`).
 *
 * Where public headers disagree (see docs/DESIGN.md and src/sdf/sgd.ts):
 *  - the 2023 validation functions take the session handle first (as openHiTLS does);
 *  - SGD_SM4_GCM/CCM/XTS use the openHiTLS values;
 *  - ULONG is 32 bits (the standard's type), not C `unsigned long`.
 */
#ifndef MIMA_SDF_H
#define MIMA_SDF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint8_t BYTE;
typedef uint8_t CHAR;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t UINT;
typedef uint32_t DWORD;
typedef void *HANDLE;

#pragma pack(push, 1)

typedef struct DeviceInfo_st {
  CHAR IssuerName[40];
  CHAR DeviceName[16];
  CHAR DeviceSerial[16];
  ULONG DeviceVersion;
  ULONG StandardVersion;
  ULONG AsymAlgAbility[2];
  ULONG SymAlgAbility;
  ULONG HashAlgAbility;
  ULONG BufferSize;
} DEVICEINFO;

#define RSAref_MAX_BITS 2048
#define RSAref_MAX_LEN ((RSAref_MAX_BITS + 7) / 8)
#define RSAref_MAX_PBITS ((RSAref_MAX_BITS + 1) / 2)
#define RSAref_MAX_PLEN ((RSAref_MAX_PBITS + 7) / 8)

typedef struct RSArefPublicKey_st {
  ULONG bits;
  BYTE m[RSAref_MAX_LEN];
  BYTE e[RSAref_MAX_LEN];
} RSArefPublicKey;

typedef struct RSArefPrivateKey_st {
  ULONG bits;
  BYTE m[RSAref_MAX_LEN];
  BYTE e[RSAref_MAX_LEN];
  BYTE d[RSAref_MAX_LEN];
  BYTE prime[2][RSAref_MAX_PLEN];
  BYTE pexp[2][RSAref_MAX_PLEN];
  BYTE coef[RSAref_MAX_PLEN];
} RSArefPrivateKey;

#define ECCref_MAX_BITS 512
#define ECCref_MAX_LEN ((ECCref_MAX_BITS + 7) / 8)

typedef struct ECCrefPublicKey_st {
  ULONG bits;
  BYTE x[ECCref_MAX_LEN];
  BYTE y[ECCref_MAX_LEN];
} ECCrefPublicKey;

typedef struct ECCrefPrivateKey_st {
  ULONG bits;
  BYTE K[ECCref_MAX_LEN];
} ECCrefPrivateKey;

/* C2 follows M and L; callers allocate sizeof(ECCCipher) + L - 1 bytes. */
typedef struct ECCCipher_st {
  BYTE x[ECCref_MAX_LEN];
  BYTE y[ECCref_MAX_LEN];
  BYTE M[32];
  ULONG L;
  BYTE C[1];
} ECCCipher;

typedef struct ECCSignature_st {
  BYTE r[ECCref_MAX_LEN];
  BYTE s[ECCref_MAX_LEN];
} ECCSignature;

#pragma pack(pop)

/* Return codes (GM/T 0018 Appendix A). */
#define SDR_OK 0x0
#define SDR_BASE 0x01000000
#define SDR_UNKNOWERR (SDR_BASE + 0x00000001)
#define SDR_NOTSUPPORT (SDR_BASE + 0x00000002)
#define SDR_COMMFAIL (SDR_BASE + 0x00000003)
#define SDR_HARDFAIL (SDR_BASE + 0x00000004)
#define SDR_OPENDEVICE (SDR_BASE + 0x00000005)
#define SDR_OPENSESSION (SDR_BASE + 0x00000006)
#define SDR_PARDENY (SDR_BASE + 0x00000007)
#define SDR_KEYNOTEXIST (SDR_BASE + 0x00000008)
#define SDR_ALGNOTSUPPORT (SDR_BASE + 0x00000009)
#define SDR_ALGMODNOTSUPPORT (SDR_BASE + 0x0000000A)
#define SDR_PKOPERR (SDR_BASE + 0x0000000B)
#define SDR_SKOPERR (SDR_BASE + 0x0000000C)
#define SDR_SIGNERR (SDR_BASE + 0x0000000D)
#define SDR_VERIFYERR (SDR_BASE + 0x0000000E)
#define SDR_SYMOPERR (SDR_BASE + 0x0000000F)
#define SDR_STEPERR (SDR_BASE + 0x00000010)
#define SDR_FILESIZEERR (SDR_BASE + 0x00000011)
#define SDR_FILENOEXIST (SDR_BASE + 0x00000012)
#define SDR_FILEOFSERR (SDR_BASE + 0x00000013)
#define SDR_KEYTYPEERR (SDR_BASE + 0x00000014)
#define SDR_KEYERR (SDR_BASE + 0x00000015)
#define SDR_ENCDATAERR (SDR_BASE + 0x00000016)
#define SDR_RANDERR (SDR_BASE + 0x00000017)
#define SDR_PRKRERR (SDR_BASE + 0x00000018)
#define SDR_MACERR (SDR_BASE + 0x00000019)
#define SDR_FILEEXISTS (SDR_BASE + 0x0000001A)
#define SDR_FILEWERR (SDR_BASE + 0x0000001B)
#define SDR_NOBUFFER (SDR_BASE + 0x0000001C)
#define SDR_INARGERR (SDR_BASE + 0x0000001D)
#define SDR_OUTARGERR (SDR_BASE + 0x0000001E)
#define SDR_USERIDERR (SDR_BASE + 0x0000001F)
/* Mima vendor codes (SDR_BASE + 0x20 ...). */
#define SDR_MIMA_LOCKED (SDR_BASE + 0x00000020)
#define SDR_MIMA_NOTINIT (SDR_BASE + 0x00000021)
#define SDR_MIMA_SELFTEST (SDR_BASE + 0x00000022)
#define SDR_MIMA_ROLE (SDR_BASE + 0x00000023)
#define SDR_MIMA_AUTH (SDR_BASE + 0x00000024)
#define SDR_MIMA_LOCKOUT (SDR_BASE + 0x00000025)
#define SDR_MIMA_RATELIMIT (SDR_BASE + 0x00000026)

/* Algorithm identifiers (GM/T 0006; disputed 2023 values as src/sdf/sgd.ts chooses them). */
#define SGD_SM1_ECB 0x00000101
#define SGD_SM1_CBC 0x00000102
#define SGD_SM1_CFB 0x00000104
#define SGD_SM1_OFB 0x00000108
#define SGD_SM1_MAC 0x00000110
#define SGD_SM4_ECB 0x00000401
#define SGD_SM4_CBC 0x00000402
#define SGD_SM4_CFB 0x00000404
#define SGD_SM4_OFB 0x00000408
#define SGD_SM4_MAC 0x00000410
#define SGD_SM4_CTR 0x00000420
#define SGD_SM4_GCM 0x02000400
#define SGD_SM4_CCM 0x04000400
#define SGD_SM4_XTS 0x02000402
#define SGD_ZUC_EEA3 0x00000801
#define SGD_ZUC_EIA3 0x00000802
#define SGD_RSA 0x00010000
#define SGD_SM2 0x00020100
#define SGD_SM2_1 0x00020200
#define SGD_SM2_2 0x00020400
#define SGD_SM2_3 0x00020800
#define SGD_SM3 0x00000001
#define SGD_SHA1 0x00000002
#define SGD_SHA256 0x00000004
#define SGD_SM3_RSA 0x00010001
#define SGD_SHA1_RSA 0x00010002
#define SGD_SHA256_RSA 0x00010004
#define SGD_SM3_SM2 0x00020201

/* Device management */
int SDF_OpenDevice(HANDLE *phDeviceHandle);
int SDF_CloseDevice(HANDLE hDeviceHandle);
int SDF_OpenSession(HANDLE hDeviceHandle, HANDLE *phSessionHandle);
int SDF_CloseSession(HANDLE hSessionHandle);
int SDF_GetDeviceInfo(HANDLE hSessionHandle, DEVICEINFO *pstDeviceInfo);
int SDF_GenerateRandom(HANDLE hSessionHandle, ULONG uiLength, BYTE *pucRandom);
int SDF_GetPrivateKeyAccessRight(HANDLE hSessionHandle, ULONG uiKeyIndex, BYTE *pucPassword, ULONG uiPwdLength);
int SDF_ReleasePrivateKeyAccessRight(HANDLE hSessionHandle, ULONG uiKeyIndex);

/* Key management */
int SDF_ExportSignPublicKey_RSA(HANDLE hSessionHandle, ULONG uiKeyIndex, RSArefPublicKey *pucPublicKey);
int SDF_ExportEncPublicKey_RSA(HANDLE hSessionHandle, ULONG uiKeyIndex, RSArefPublicKey *pucPublicKey);
int SDF_GenerateKeyPair_RSA(HANDLE hSessionHandle, ULONG uiKeyBits, RSArefPublicKey *pucPublicKey, RSArefPrivateKey *pucPrivateKey);
int SDF_GenerateKeyWithIPK_RSA(HANDLE hSessionHandle, ULONG uiIPKIndex, ULONG uiKeyBits, BYTE *pucKey, ULONG *puiKeyLength, HANDLE *phKeyHandle);
int SDF_GenerateKeyWithEPK_RSA(HANDLE hSessionHandle, ULONG uiKeyBits, RSArefPublicKey *pucPublicKey, BYTE *pucKey, ULONG *puiKeyLength, HANDLE *phKeyHandle);
int SDF_ImportKeyWithISK_RSA(HANDLE hSessionHandle, ULONG uiISKIndex, BYTE *pucKey, ULONG uiKeyLength, HANDLE *phKeyHandle);
int SDF_ExchangeDigitEnvelopeBaseOnRSA(HANDLE hSessionHandle, ULONG uiKeyIndex, RSArefPublicKey *pucPublicKey, BYTE *pucDEInput, ULONG uiDELength, BYTE *pucDEOutput, ULONG *puiDELength);
int SDF_ExportSignPublicKey_ECC(HANDLE hSessionHandle, ULONG uiKeyIndex, ECCrefPublicKey *pucPublicKey);
int SDF_ExportEncPublicKey_ECC(HANDLE hSessionHandle, ULONG uiKeyIndex, ECCrefPublicKey *pucPublicKey);
int SDF_GenerateKeyPair_ECC(HANDLE hSessionHandle, ULONG uiAlgID, ULONG uiKeyBits, ECCrefPublicKey *pucPublicKey, ECCrefPrivateKey *pucPrivateKey);
int SDF_GenerateKeyWithIPK_ECC(HANDLE hSessionHandle, ULONG uiIPKIndex, ULONG uiKeyBits, ECCCipher *pucKey, HANDLE *phKeyHandle);
int SDF_GenerateKeyWithEPK_ECC(HANDLE hSessionHandle, ULONG uiKeyBits, ULONG uiAlgID, ECCrefPublicKey *pucPublicKey, ECCCipher *pucKey, HANDLE *phKeyHandle);
int SDF_ImportKeyWithISK_ECC(HANDLE hSessionHandle, ULONG uiISKIndex, ECCCipher *pucKey, HANDLE *phKeyHandle);
int SDF_GenerateAgreementDataWithECC(HANDLE hSessionHandle, ULONG uiISKIndex, ULONG uiKeyBits, BYTE *pucSponsorID, ULONG uiSponsorIDLength,
                                     ECCrefPublicKey *pucSponsorPublicKey, ECCrefPublicKey *pucSponsorTmpPublicKey, HANDLE *phAgreementHandle);
int SDF_GenerateKeyWithECC(HANDLE hSessionHandle, BYTE *pucResponseID, ULONG uiResponseIDLength, ECCrefPublicKey *pucResponsePublicKey,
                           ECCrefPublicKey *pucResponseTmpPublicKey, HANDLE hAgreementHandle, HANDLE *phKeyHandle);
int SDF_GenerateAgreementDataAndKeyWithECC(HANDLE hSessionHandle, ULONG uiISKIndex, ULONG uiKeyBits, BYTE *pucResponseID, ULONG uiResponseIDLength,
                                           BYTE *pucSponsorID, ULONG uiSponsorIDLength, ECCrefPublicKey *pucSponsorPublicKey,
                                           ECCrefPublicKey *pucSponsorTmpPublicKey, ECCrefPublicKey *pucResponsePublicKey,
                                           ECCrefPublicKey *pucResponseTmpPublicKey, HANDLE *phKeyHandle);
int SDF_ExchangeDigitEnvelopeBaseOnECC(HANDLE hSessionHandle, ULONG uiKeyIndex, ULONG uiAlgID, ECCrefPublicKey *pucPublicKey, ECCCipher *pucEncDataIn,
                                       ECCCipher *pucEncDataOut);
int SDF_GenerateKeyWithKEK(HANDLE hSessionHandle, ULONG uiKeyBits, ULONG uiAlgID, ULONG uiKEKIndex, BYTE *pucKey, ULONG *puiKeyLength, HANDLE *phKeyHandle);
int SDF_ImportKeyWithKEK(HANDLE hSessionHandle, ULONG uiAlgID, ULONG uiKEKIndex, BYTE *pucKey, ULONG uiKeyLength, HANDLE *phKeyHandle);
int SDF_ImportKey(HANDLE hSessionHandle, BYTE *pucKey, ULONG uiKeyLength, HANDLE *phKeyHandle);
int SDF_DestroyKey(HANDLE hSessionHandle, HANDLE hKeyHandle);

/* Asymmetric operations */
int SDF_ExternalPublicKeyOperation_RSA(HANDLE hSessionHandle, RSArefPublicKey *pucPublicKey, BYTE *pucDataInput, ULONG uiInputLength,
                                       BYTE *pucDataOutput, ULONG *puiOutputLength);
int SDF_InternalPublicKeyOperation_RSA(HANDLE hSessionHandle, ULONG uiKeyIndex, BYTE *pucDataInput, ULONG uiInputLength, BYTE *pucDataOutput,
                                       ULONG *puiOutputLength);
int SDF_InternalPrivateKeyOperation_RSA(HANDLE hSessionHandle, ULONG uiKeyIndex, BYTE *pucDataInput, ULONG uiInputLength, BYTE *pucDataOutput,
                                        ULONG *puiOutputLength);
int SDF_ExternalVerify_ECC(HANDLE hSessionHandle, ULONG uiAlgID, ECCrefPublicKey *pucPublicKey, BYTE *pucDataInput, ULONG uiInputLength,
                           ECCSignature *pucSignature);
int SDF_InternalSign_ECC(HANDLE hSessionHandle, ULONG uiISKIndex, BYTE *pucData, ULONG uiDataLength, ECCSignature *pucSignature);
int SDF_InternalVerify_ECC(HANDLE hSessionHandle, ULONG uiIPKIndex, BYTE *pucData, ULONG uiDataLength, ECCSignature *pucSignature);
int SDF_ExternalEncrypt_ECC(HANDLE hSessionHandle, ULONG uiAlgID, ECCrefPublicKey *pucPublicKey, BYTE *pucData, ULONG uiDataLength, ECCCipher *pucEncData);
int SDF_InternalEncrypt_ECC(HANDLE hSessionHandle, ULONG uiIPKIndex, ULONG uiAlgID, BYTE *pucData, ULONG uiDataLength, ECCCipher *pucEncData);
int SDF_InternalDecrypt_ECC(HANDLE hSessionHandle, ULONG uiISKIndex, ULONG uiAlgID, ECCCipher *pucEncData, BYTE *pucData, ULONG *puiDataLength);

/* Symmetric operations. pucIV is in/out (16 bytes; NULL for ECB). */
int SDF_Encrypt(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucIV, BYTE *pucData, ULONG uiDataLength, BYTE *pucEncData,
                ULONG *puiEncDataLength);
int SDF_Decrypt(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucIV, BYTE *pucEncData, ULONG uiEncDataLength, BYTE *pucData,
                ULONG *puiDataLength);
int SDF_CalculateMAC(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucIV, BYTE *pucData, ULONG uiDataLength, BYTE *pucMAC,
                     ULONG *puiMACLength);
int SDF_AuthEnc(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucStartVar, ULONG uiStartVarLength, BYTE *pucAad, ULONG uiAadLength,
                BYTE *pucData, ULONG uiDataLength, BYTE *pucEncData, ULONG *puiEncDataLength, BYTE *pucAuthData, ULONG *puiAuthDataLength);
int SDF_AuthDec(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucStartVar, ULONG uiStartVarLength, BYTE *pucAad, ULONG uiAadLength,
                BYTE *pucAuthData, ULONG *puiAuthDataLength, BYTE *pucEncData, ULONG uiEncDataLength, BYTE *pucData, ULONG *puiDataLength);
int SDF_EncryptInit(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucIV, ULONG uiIVLength);
int SDF_EncryptUpdate(HANDLE hSessionHandle, BYTE *pucData, ULONG uiDataLength, BYTE *pucEncData, ULONG *puiEncDataLength);
int SDF_EncryptFinal(HANDLE hSessionHandle, BYTE *pucLastEncData, ULONG *puiLastEncDataLength);
int SDF_DecryptInit(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucIV, ULONG uiIVLength);
int SDF_DecryptUpdate(HANDLE hSessionHandle, BYTE *pucEncData, ULONG uiEncDataLength, BYTE *pucData, ULONG *puiDataLength);
int SDF_DecryptFinal(HANDLE hSessionHandle, BYTE *pucLastData, ULONG *puiLastDataLength);
int SDF_CalculateMACInit(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucIV, ULONG uiIVLength);
int SDF_CalculateMACUpdate(HANDLE hSessionHandle, BYTE *pucData, ULONG uiDataLength);
int SDF_CalculateMACFinal(HANDLE hSessionHandle, BYTE *pucMac, ULONG *puiMacLength);
int SDF_AuthEncInit(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucStartVar, ULONG uiStartVarLength, BYTE *pucAad,
                    ULONG uiAadLength, ULONG uiDataLength);
int SDF_AuthEncUpdate(HANDLE hSessionHandle, BYTE *pucData, ULONG uiDataLength, BYTE *pucEncData, ULONG *puiEncDataLength);
int SDF_AuthEncFinal(HANDLE hSessionHandle, BYTE *pucLastEncData, ULONG *puiLastEncDataLength, BYTE *pucAuthData, ULONG *puiAuthDataLength);
int SDF_AuthDecInit(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID, BYTE *pucStartVar, ULONG uiStartVarLength, BYTE *pucAad,
                    ULONG uiAadLength, BYTE *pucAuthData, ULONG uiAuthDataLength, ULONG uiDataLength);
int SDF_AuthDecUpdate(HANDLE hSessionHandle, BYTE *pucEncData, ULONG uiEncDataLength, BYTE *pucData, ULONG *puiDataLength);
int SDF_AuthDecFinal(HANDLE hSessionHandle, BYTE *pucLastData, ULONG *puiLastDataLength);

/* Hash and HMAC */
int SDF_HashInit(HANDLE hSessionHandle, ULONG uiAlgID, ECCrefPublicKey *pucPublicKey, BYTE *pucID, ULONG uiIDLength);
int SDF_HashUpdate(HANDLE hSessionHandle, BYTE *pucData, ULONG uiDataLength);
int SDF_HashFinal(HANDLE hSessionHandle, BYTE *pucHash, ULONG *puiHashLength);
int SDF_HMACInit(HANDLE hSessionHandle, HANDLE hKeyHandle, ULONG uiAlgID);
int SDF_HMACUpdate(HANDLE hSessionHandle, BYTE *pucData, ULONG uiDataLength);
int SDF_HMACFinal(HANDLE hSessionHandle, BYTE *pucHMac, ULONG *puiHMacLength);

/* User files */
int SDF_CreateFile(HANDLE hSessionHandle, BYTE *pucFileName, ULONG uiNameLen, ULONG uiFileSize);
int SDF_ReadFile(HANDLE hSessionHandle, BYTE *pucFileName, ULONG uiNameLen, ULONG uiOffset, ULONG *puiFileLength, BYTE *pucBuffer);
int SDF_WriteFile(HANDLE hSessionHandle, BYTE *pucFileName, ULONG uiNameLen, ULONG uiOffset, ULONG uiFileLength, BYTE *pucBuffer);
int SDF_DeleteFile(HANDLE hSessionHandle, BYTE *pucFileName, ULONG uiNameLen);

/* 2023 validation functions (session handle first, as openHiTLS) */
int SDF_ExternalPrivateKeyOperation_RSA(HANDLE hSessionHandle, RSArefPrivateKey *pucPrivateKey, BYTE *pucDataInput, ULONG uiInputLength,
                                        BYTE *pucDataOutput, ULONG *puiOutputLength);
int SDF_ExternalSign_ECC(HANDLE hSessionHandle, ULONG uiAlgID, ECCrefPrivateKey *pucPrivateKey, BYTE *pucData, ULONG uiDataLength,
                         ECCSignature *pucSignature);
int SDF_ExternalDecrypt_ECC(HANDLE hSessionHandle, ULONG uiAlgID, ECCrefPrivateKey *pucPrivateKey, ECCCipher *pucEncData, BYTE *pucData,
                            ULONG *puiDataLength);
int SDF_ExternalKeyEncrypt(HANDLE hSessionHandle, ULONG uiAlgID, BYTE *pucKey, ULONG uiKeyLength, BYTE *pucIV, ULONG uiIVLength, BYTE *pucData,
                           ULONG uiDataLength, BYTE *pucEncData, ULONG *puiEncDataLength);
int SDF_ExternalKeyDecrypt(HANDLE hSessionHandle, ULONG uiAlgID, BYTE *pucKey, ULONG uiKeyLength, BYTE *pucIV, ULONG uiIVLength, BYTE *pucEncData,
                           ULONG uiEncDataLength, BYTE *pucData, ULONG *puiDataLength);
int SDF_ExternalKeyEncryptInit(HANDLE hSessionHandle, ULONG uiAlgID, BYTE *pucKey, ULONG uiKeyLength, BYTE *pucIV, ULONG uiIVLength);
int SDF_ExternalKeyDecryptInit(HANDLE hSessionHandle, ULONG uiAlgID, BYTE *pucKey, ULONG uiKeyLength, BYTE *pucIV, ULONG uiIVLength);
int SDF_ExternalKeyHMACInit(HANDLE hSessionHandle, ULONG uiAlgID, BYTE *pucKey, ULONG uiKeyLength);

/* Mima extensions: many 32-byte digests signed or verified in one round trip (protocol 0x08xx). */
int MIMA_InternalSign_ECC_Batch(HANDLE hSessionHandle, ULONG uiISKIndex, BYTE *pucDigests, ULONG uiCount, ECCSignature *pucSignatures);
int MIMA_InternalVerify_ECC_Batch(HANDLE hSessionHandle, ULONG uiIPKIndex, BYTE *pucDigests, ULONG uiCount, ECCSignature *pucSignatures,
                                  BYTE *pucResults);

#ifdef __cplusplus
}
#endif
#endif
