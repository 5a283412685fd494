/**
 * The function table of the wire protocol (docs/protocol.md): one stable code per GM/T 0018
 * function, with its arguments and outputs as they travel in value lists. The server, the
 * TypeScript SDK and the C library (whose marshalling is generated from this table) all read
 * it; codes are never renumbered or reused.
 *
 * Argument kinds: `u32` (integers, handles, indexes, algorithm ids, lengths the call needs),
 * `bytes` (data, keys, IDs, passwords, file names), `struct:<Name>` (a GM/T 0018 structure in its
 * packed C layout, src/sdf/structs.ts), and `?` marks an optional argument (sent as absent).
 * Session handles are the first argument of every function but OpenSession.
 *
 * @module
 */

export type WireKind =
  | 'u32'
  | 'bytes'
  | 'struct:DEVICEINFO'
  | 'struct:RSArefPublicKey'
  | 'struct:RSArefPrivateKey'
  | 'struct:ECCrefPublicKey'
  | 'struct:ECCrefPrivateKey'
  | 'struct:ECCCipher'
  | 'struct:ECCSignature';

export interface WireParam {
  readonly name: string;
  readonly kind: WireKind;
  readonly optional?: true;
}

export interface FunctionSpec {
  readonly code: number;
  readonly name: string;
  readonly args: readonly WireParam[];
  readonly outs: readonly WireParam[];
  /** GM/T 0018 edition that defines it, 'mima' for protocol extensions, 'svs' for the GM/T 0029 functions. */
  readonly edition: '2012' | '2023' | 'both' | 'mima' | 'svs';
}

const u32 = (name: string): WireParam => ({ name, kind: 'u32' });
const bytes = (name: string): WireParam => ({ name, kind: 'bytes' });
const optBytes = (name: string): WireParam => ({ name, kind: 'bytes', optional: true });
const struct = (name: string, s: string): WireParam => ({ name, kind: `struct:${s}` as WireKind });
const optStruct = (name: string, s: string): WireParam => ({ name, kind: `struct:${s}` as WireKind, optional: true });
const H = u32('hSessionHandle');

function fn(code: number, name: string, args: WireParam[], outs: WireParam[], edition: FunctionSpec['edition'] = 'both'): FunctionSpec {
  return Object.freeze({ code, name, args: Object.freeze(args), outs: Object.freeze(outs), edition });
}

export const FUNCTIONS: readonly FunctionSpec[] = Object.freeze([
  // 0x01xx device and session management (OpenDevice/CloseDevice are the connection itself)
  fn(0x0101, 'SDF_OpenSession', [], [u32('hSessionHandle')]),
  fn(0x0102, 'SDF_CloseSession', [H], []),
  fn(0x0103, 'SDF_GetDeviceInfo', [H], [struct('pstDeviceInfo', 'DEVICEINFO')]),
  fn(0x0104, 'SDF_GenerateRandom', [H, u32('uiLength')], [bytes('pucRandom')]),
  fn(0x0105, 'SDF_GetPrivateKeyAccessRight', [H, u32('uiKeyIndex'), bytes('pucPassword')], []),
  fn(0x0106, 'SDF_ReleasePrivateKeyAccessRight', [H, u32('uiKeyIndex')], []),

  // 0x02xx key management
  fn(0x0201, 'SDF_ExportSignPublicKey_RSA', [H, u32('uiKeyIndex')], [struct('pucPublicKey', 'RSArefPublicKey')]),
  fn(0x0202, 'SDF_ExportEncPublicKey_RSA', [H, u32('uiKeyIndex')], [struct('pucPublicKey', 'RSArefPublicKey')]),
  fn(0x0203, 'SDF_GenerateKeyPair_RSA', [H, u32('uiKeyBits')], [struct('pucPublicKey', 'RSArefPublicKey'), struct('pucPrivateKey', 'RSArefPrivateKey')]),
  fn(0x0204, 'SDF_GenerateKeyWithIPK_RSA', [H, u32('uiIPKIndex'), u32('uiKeyBits')], [bytes('pucKey'), u32('phKeyHandle')]),
  fn(0x0205, 'SDF_GenerateKeyWithEPK_RSA', [H, u32('uiKeyBits'), struct('pucPublicKey', 'RSArefPublicKey')], [bytes('pucKey'), u32('phKeyHandle')]),
  fn(0x0206, 'SDF_ImportKeyWithISK_RSA', [H, u32('uiISKIndex'), bytes('pucKey')], [u32('phKeyHandle')]),
  fn(0x0207, 'SDF_ExchangeDigitEnvelopeBaseOnRSA', [H, u32('uiKeyIndex'), struct('pucPublicKey', 'RSArefPublicKey'), bytes('pucDEInput')], [bytes('pucDEOutput')], '2012'),
  fn(0x0208, 'SDF_ExportSignPublicKey_ECC', [H, u32('uiKeyIndex')], [struct('pucPublicKey', 'ECCrefPublicKey')]),
  fn(0x0209, 'SDF_ExportEncPublicKey_ECC', [H, u32('uiKeyIndex')], [struct('pucPublicKey', 'ECCrefPublicKey')]),
  fn(0x020a, 'SDF_GenerateKeyPair_ECC', [H, u32('uiAlgID'), u32('uiKeyBits')], [struct('pucPublicKey', 'ECCrefPublicKey'), struct('pucPrivateKey', 'ECCrefPrivateKey')]),
  fn(0x020b, 'SDF_GenerateKeyWithIPK_ECC', [H, u32('uiIPKIndex'), u32('uiKeyBits')], [struct('pucKey', 'ECCCipher'), u32('phKeyHandle')]),
  fn(0x020c, 'SDF_GenerateKeyWithEPK_ECC', [H, u32('uiKeyBits'), u32('uiAlgID'), struct('pucPublicKey', 'ECCrefPublicKey')], [struct('pucKey', 'ECCCipher'), u32('phKeyHandle')]),
  fn(0x020d, 'SDF_ImportKeyWithISK_ECC', [H, u32('uiISKIndex'), struct('pucKey', 'ECCCipher')], [u32('phKeyHandle')]),
  fn(0x020e, 'SDF_GenerateAgreementDataWithECC', [H, u32('uiISKIndex'), u32('uiKeyBits'), bytes('pucSponsorID')],
    [struct('pucSponsorPublicKey', 'ECCrefPublicKey'), struct('pucSponsorTmpPublicKey', 'ECCrefPublicKey'), u32('phAgreementHandle')]),
  fn(0x020f, 'SDF_GenerateKeyWithECC', [H, bytes('pucResponseID'), struct('pucResponsePublicKey', 'ECCrefPublicKey'), struct('pucResponseTmpPublicKey', 'ECCrefPublicKey'), u32('hAgreementHandle')],
    [u32('phKeyHandle')]),
  fn(0x0210, 'SDF_GenerateAgreementDataAndKeyWithECC',
    [H, u32('uiISKIndex'), u32('uiKeyBits'), bytes('pucResponseID'), bytes('pucSponsorID'), struct('pucSponsorPublicKey', 'ECCrefPublicKey'), struct('pucSponsorTmpPublicKey', 'ECCrefPublicKey')],
    [struct('pucResponsePublicKey', 'ECCrefPublicKey'), struct('pucResponseTmpPublicKey', 'ECCrefPublicKey'), u32('phKeyHandle')]),
  fn(0x0211, 'SDF_ExchangeDigitEnvelopeBaseOnECC', [H, u32('uiKeyIndex'), u32('uiAlgID'), struct('pucPublicKey', 'ECCrefPublicKey'), struct('pucEncDataIn', 'ECCCipher')],
    [struct('pucEncDataOut', 'ECCCipher')], '2012'),
  fn(0x0212, 'SDF_GenerateKeyWithKEK', [H, u32('uiKeyBits'), u32('uiAlgID'), u32('uiKEKIndex')], [bytes('pucKey'), u32('phKeyHandle')]),
  fn(0x0213, 'SDF_ImportKeyWithKEK', [H, u32('uiAlgID'), u32('uiKEKIndex'), bytes('pucKey')], [u32('phKeyHandle')]),
  fn(0x0214, 'SDF_ImportKey', [H, bytes('pucKey')], [u32('phKeyHandle')]),
  fn(0x0215, 'SDF_DestroyKey', [H, u32('hKeyHandle')], []),

  // 0x03xx asymmetric operations
  fn(0x0301, 'SDF_ExternalPublicKeyOperation_RSA', [H, struct('pucPublicKey', 'RSArefPublicKey'), bytes('pucDataInput')], [bytes('pucDataOutput')]),
  fn(0x0302, 'SDF_InternalPublicKeyOperation_RSA', [H, u32('uiKeyIndex'), bytes('pucDataInput')], [bytes('pucDataOutput')]),
  fn(0x0303, 'SDF_InternalPrivateKeyOperation_RSA', [H, u32('uiKeyIndex'), bytes('pucDataInput')], [bytes('pucDataOutput')]),
  fn(0x0304, 'SDF_ExternalVerify_ECC', [H, u32('uiAlgID'), struct('pucPublicKey', 'ECCrefPublicKey'), bytes('pucDataInput'), struct('pucSignature', 'ECCSignature')], []),
  fn(0x0305, 'SDF_InternalSign_ECC', [H, u32('uiISKIndex'), bytes('pucData')], [struct('pucSignature', 'ECCSignature')]),
  fn(0x0306, 'SDF_InternalVerify_ECC', [H, u32('uiIPKIndex'), bytes('pucData'), struct('pucSignature', 'ECCSignature')], []),
  fn(0x0307, 'SDF_ExternalEncrypt_ECC', [H, u32('uiAlgID'), struct('pucPublicKey', 'ECCrefPublicKey'), bytes('pucData')], [struct('pucEncData', 'ECCCipher')]),
  fn(0x0308, 'SDF_InternalEncrypt_ECC', [H, u32('uiIPKIndex'), u32('uiAlgID'), bytes('pucData')], [struct('pucEncData', 'ECCCipher')]),
  fn(0x0309, 'SDF_InternalDecrypt_ECC', [H, u32('uiISKIndex'), u32('uiAlgID'), struct('pucEncData', 'ECCCipher')], [bytes('pucData')]),

  // 0x04xx symmetric operations (IV in/out: the updated IV is returned)
  fn(0x0401, 'SDF_Encrypt', [H, u32('hKeyHandle'), u32('uiAlgID'), optBytes('pucIV'), bytes('pucData')], [bytes('pucEncData'), bytes('pucIV')]),
  fn(0x0402, 'SDF_Decrypt', [H, u32('hKeyHandle'), u32('uiAlgID'), optBytes('pucIV'), bytes('pucEncData')], [bytes('pucData'), bytes('pucIV')]),
  fn(0x0403, 'SDF_CalculateMAC', [H, u32('hKeyHandle'), u32('uiAlgID'), optBytes('pucIV'), bytes('pucData')], [bytes('pucMAC'), bytes('pucIV')]),
  fn(0x0404, 'SDF_AuthEnc', [H, u32('hKeyHandle'), u32('uiAlgID'), bytes('pucStartVar'), optBytes('pucAad'), bytes('pucData')], [bytes('pucEncData'), bytes('pucAuthData')], '2023'),
  fn(0x0405, 'SDF_AuthDec', [H, u32('hKeyHandle'), u32('uiAlgID'), bytes('pucStartVar'), optBytes('pucAad'), bytes('pucAuthData'), bytes('pucEncData')], [bytes('pucData')], '2023'),
  fn(0x0406, 'SDF_EncryptInit', [H, u32('hKeyHandle'), u32('uiAlgID'), optBytes('pucIV')], [], '2023'),
  fn(0x0407, 'SDF_EncryptUpdate', [H, bytes('pucData')], [bytes('pucEncData')], '2023'),
  fn(0x0408, 'SDF_EncryptFinal', [H], [bytes('pucLastEncData')], '2023'),
  fn(0x0409, 'SDF_DecryptInit', [H, u32('hKeyHandle'), u32('uiAlgID'), optBytes('pucIV')], [], '2023'),
  fn(0x040a, 'SDF_DecryptUpdate', [H, bytes('pucEncData')], [bytes('pucData')], '2023'),
  fn(0x040b, 'SDF_DecryptFinal', [H], [bytes('pucLastData')], '2023'),
  fn(0x040c, 'SDF_CalculateMACInit', [H, u32('hKeyHandle'), u32('uiAlgID'), optBytes('pucIV')], [], '2023'),
  fn(0x040d, 'SDF_CalculateMACUpdate', [H, bytes('pucData')], [], '2023'),
  fn(0x040e, 'SDF_CalculateMACFinal', [H], [bytes('pucMac')], '2023'),
  fn(0x040f, 'SDF_AuthEncInit', [H, u32('hKeyHandle'), u32('uiAlgID'), bytes('pucStartVar'), optBytes('pucAad'), u32('uiDataLength')], [], '2023'),
  fn(0x0410, 'SDF_AuthEncUpdate', [H, bytes('pucData')], [bytes('pucEncData')], '2023'),
  fn(0x0411, 'SDF_AuthEncFinal', [H], [bytes('pucLastEncData'), bytes('pucAuthData')], '2023'),
  fn(0x0412, 'SDF_AuthDecInit', [H, u32('hKeyHandle'), u32('uiAlgID'), bytes('pucStartVar'), optBytes('pucAad'), bytes('pucAuthData'), u32('uiDataLength')], [], '2023'),
  fn(0x0413, 'SDF_AuthDecUpdate', [H, bytes('pucEncData')], [bytes('pucData')], '2023'),
  fn(0x0414, 'SDF_AuthDecFinal', [H], [bytes('pucLastData')], '2023'),

  // 0x05xx hash and HMAC
  fn(0x0501, 'SDF_HashInit', [H, u32('uiAlgID'), optStruct('pucPublicKey', 'ECCrefPublicKey'), optBytes('pucID')], []),
  fn(0x0502, 'SDF_HashUpdate', [H, bytes('pucData')], []),
  fn(0x0503, 'SDF_HashFinal', [H], [bytes('pucHash')]),
  fn(0x0504, 'SDF_HMACInit', [H, u32('hKeyHandle'), u32('uiAlgID')], [], '2023'),
  fn(0x0505, 'SDF_HMACUpdate', [H, bytes('pucData')], [], '2023'),
  fn(0x0506, 'SDF_HMACFinal', [H], [bytes('pucHMac')], '2023'),

  // 0x06xx user files
  fn(0x0601, 'SDF_CreateFile', [H, bytes('pucFileName'), u32('uiFileSize')], []),
  fn(0x0602, 'SDF_ReadFile', [H, bytes('pucFileName'), u32('uiOffset'), u32('uiFileLength')], [bytes('pucBuffer')]),
  fn(0x0603, 'SDF_WriteFile', [H, bytes('pucFileName'), u32('uiOffset'), bytes('pucBuffer')], []),
  fn(0x0604, 'SDF_DeleteFile', [H, bytes('pucFileName')], []),

  // 0x07xx GM/T 0018-2023 §6.8 validation functions (session handle first, as openHiTLS)
  fn(0x0701, 'SDF_ExternalPrivateKeyOperation_RSA', [H, struct('pucPrivateKey', 'RSArefPrivateKey'), bytes('pucDataInput')], [bytes('pucDataOutput')], '2023'),
  fn(0x0702, 'SDF_ExternalSign_ECC', [H, u32('uiAlgID'), struct('pucPrivateKey', 'ECCrefPrivateKey'), bytes('pucData')], [struct('pucSignature', 'ECCSignature')], '2023'),
  fn(0x0703, 'SDF_ExternalDecrypt_ECC', [H, u32('uiAlgID'), struct('pucPrivateKey', 'ECCrefPrivateKey'), struct('pucEncData', 'ECCCipher')], [bytes('pucData')], '2023'),
  fn(0x0704, 'SDF_ExternalKeyEncrypt', [H, u32('uiAlgID'), bytes('pucKey'), optBytes('pucIV'), bytes('pucData')], [bytes('pucEncData')], '2023'),
  fn(0x0705, 'SDF_ExternalKeyDecrypt', [H, u32('uiAlgID'), bytes('pucKey'), optBytes('pucIV'), bytes('pucEncData')], [bytes('pucData')], '2023'),
  fn(0x0706, 'SDF_ExternalKeyEncryptInit', [H, u32('uiAlgID'), bytes('pucKey'), optBytes('pucIV')], [], '2023'),
  fn(0x0707, 'SDF_ExternalKeyDecryptInit', [H, u32('uiAlgID'), bytes('pucKey'), optBytes('pucIV')], [], '2023'),
  fn(0x0708, 'SDF_ExternalKeyHMACInit', [H, u32('uiAlgID'), bytes('pucKey')], [], '2023'),

  // 0x08xx Mima extensions: many items in one request (32-byte digests / 128-byte ECCSignatures
  // concatenated), answered in order; one JS↔C crossing and one engine batch on the server.
  fn(0x0801, 'MIMA_InternalSign_ECC_Batch', [H, u32('uiISKIndex'), bytes('pucDigests')], [bytes('pucSignatures')], 'mima'),
  fn(0x0802, 'MIMA_InternalVerify_ECC_Batch', [H, u32('uiIPKIndex'), bytes('pucDigests'), bytes('pucSignatures')], [bytes('pucResults')], 'mima'),

  // 0x09xx the signature-verification server (GM/T 0029) on the machine: no SDF session; key
  // indexes are the application's grants; results are GM/T 0029 codes (u32, 0 = success).
  fn(0x0901, 'SVS_ExportCert', [bytes('certId')], [bytes('cert')], 'svs'),
  fn(0x0902, 'SVS_ParseCert', [u32('infoType'), bytes('cert')], [bytes('value')], 'svs'),
  fn(0x0903, 'SVS_ValidateCert', [bytes('cert')], [u32('result')], 'svs'),
  fn(0x0904, 'SVS_SignData', [u32('signMethod'), u32('uiKeyIndex'), bytes('keyValue'), bytes('data')], [bytes('signature')], 'svs'),
  fn(0x0905, 'SVS_VerifySignedData', [u32('type'), bytes('certOrSerial'), bytes('data'), bytes('signature'), u32('verifyLevel')], [u32('result')], 'svs'),
  fn(0x0906, 'SVS_SignMessage', [u32('signMethod'), u32('uiKeyIndex'), bytes('keyValue'), bytes('data'), u32('originalText')], [bytes('signedMessage')], 'svs'),
  fn(0x0907, 'SVS_VerifySignedMessage', [bytes('signedMessage'), optBytes('data')], [u32('result')], 'svs'),
]);

const byCode = new Map(FUNCTIONS.map((f) => [f.code, f]));
const byName = new Map(FUNCTIONS.map((f) => [f.name, f]));

export function functionByCode(code: number): FunctionSpec | undefined {
  return byCode.get(code);
}

export function functionByName(name: string): FunctionSpec {
  const f = byName.get(name);
  if (!f) throw new RangeError(`protocol: no function ${name}`);
  return f;
}
