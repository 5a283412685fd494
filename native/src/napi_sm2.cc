// Node-API glue of the SM2 kernels (native/src/sm2/). The TypeScript wrapper
// (src/engine/native/sm2.ts) validates every argument first, with the TS backend's errors; the
// checks here only make sure no JS value can crash the process: types, lengths and counts are
// verified before any memory is touched, key handles carry a type tag, and a released handle is
// refused. "Expected" outcomes come back as null (invalid key, a fixed k that needs replacing,
// failed decryption); the rare hard failures throw an Error whose message starts with "sm2:".
#include <napi.h>

#include <cstdlib>
#include <cstring>

#include "secure.h"
#include "sm2/napi_helpers.h"
#include "sm2/sm2.h"

namespace {

using namespace mima_sm2;

// Type tags tell our key handles apart from any other External.
const napi_type_tag kSignerTag = {0x6d696d61736d3273ULL, 0x5349474e45523031ULL};
const napi_type_tag kVerifierTag = {0x6d696d61736d3273ULL, 0x5645524946593031ULL};
const napi_type_tag kKeyPoolTag = {0x6d696d61736d3273ULL, 0x4b4559504f4f4c31ULL};

struct SignerBox {
  sm2_signer *s;
};
struct VerifierBox {
  sm2_verifier *v;
};

sm2_signer *SignerOf(const Napi::Value &v) {
  if (!v.IsExternal()) return nullptr;
  Napi::External<SignerBox> e = v.As<Napi::External<SignerBox>>();
  if (!e.CheckTypeTag(&kSignerTag)) return nullptr;
  return e.Data()->s;
}

sm2_verifier *VerifierOf(const Napi::Value &v) {
  if (!v.IsExternal()) return nullptr;
  Napi::External<VerifierBox> e = v.As<Napi::External<VerifierBox>>();
  if (!e.CheckTypeTag(&kVerifierTag)) return nullptr;
  return e.Data()->v;
}

Napi::Value Describe(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!Setup(env)) return env.Undefined();
  return Napi::String::New(env, sm2_describe());
}

// testingForcePath('portable' | 'auto'): the arithmetic and table reads of later calls.
Napi::Value ForcePath(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!Setup(env)) return env.Undefined();
  if (info.Length() < 1 || !info[0].IsString()) return TypeErr(env, "sm2.testingForcePath: expected 'portable' or 'auto'");
  std::string mode = info[0].As<Napi::String>().Utf8Value();
  if (mode != "portable" && mode != "auto") return TypeErr(env, "sm2.testingForcePath: expected 'portable' or 'auto'");
  sm2_force_portable(mode == "portable");
  return Napi::String::New(env, sm2_describe());
}

// publicKeys(ds: 32·n bytes) → 64·n bytes x‖y, or null if any d is invalid.
Napi::Value PublicKeys(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const uint8_t *ds;
  size_t len;
  if (info.Length() < 1 || !Bytes(info[0], &ds, &len) || len % 32 != 0) return TypeErr(env, "sm2.publicKeys: expected 32·n bytes");
  if (!Setup(env)) return env.Undefined();
  size_t n = len / 32;
  Napi::Uint8Array out;
  if (!NewBytes(env, 64 * n, &out)) return env.Undefined();
  int st = n > 0 ? sm2_public_keys(out.Data(), ds, n) : SM2_OK;
  if (st == SM2_ERR_KEY) return env.Null();
  if (st != SM2_OK) return Fail(env, st);
  return out;
}

// generate(count) → 96·count bytes, d‖x‖y per pair (d from getrandom).
Napi::Value Generate(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) return TypeErr(env, "sm2.generate: expected a count");
  double c = info[0].As<Napi::Number>().DoubleValue();
  if (!(c >= 0 && c <= 65536) || c != static_cast<double>(static_cast<size_t>(c)))
    return TypeErr(env, "sm2.generate: expected a count of at most 65536");
  if (!Setup(env)) return env.Undefined();
  size_t n = static_cast<size_t>(c);
  uint8_t *buf = static_cast<uint8_t *>(std::malloc(96 * n + 1)); // ds, then x‖y
  if (buf == nullptr) return Fail(env, SM2_ERR_MEM);
  uint8_t *ds = buf, *xys = buf + 32 * n;
  int st = n > 0 ? sm2_generate(ds, xys, n, 0) : SM2_OK;
  if (st != SM2_OK) {
    mima_wipe(buf, 96 * n);
    std::free(buf);
    return Fail(env, st);
  }
  Napi::Uint8Array out;
  bool made = NewBytes(env, 96 * n, &out);
  for (size_t i = 0; made && i < n; i++) {
    std::memcpy(out.Data() + 96 * i, ds + 32 * i, 32);
    std::memcpy(out.Data() + 96 * i + 32, xys + 64 * i, 64);
  }
  mima_wipe(buf, 96 * n);
  std::free(buf);
  return made ? Napi::Value(out) : env.Undefined();
}

void FinalizeKeyPool(Napi::Env, sm2_keypool *kp) { sm2_keypool_free(kp); }

// keyPool() → a handle on a pool of pregenerated key pairs (wiped when collected).
Napi::Value KeyPool(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!Setup(env)) return env.Undefined();
  sm2_keypool *kp = sm2_keypool_new();
  if (kp == nullptr) return Fail(env, SM2_ERR_MEM);
  Napi::External<sm2_keypool> h = Napi::External<sm2_keypool>::New(env, kp, FinalizeKeyPool);
  h.TypeTag(&kKeyPoolTag);
  return h;
}

// keyPoolTake(h, count <= 64) → 96·count bytes, d‖x‖y per pair.
Napi::Value KeyPoolTake(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsExternal() || !info[1].IsNumber()) return TypeErr(env, "sm2.keyPoolTake: expected a key pool and a count");
  Napi::External<sm2_keypool> e = info[0].As<Napi::External<sm2_keypool>>();
  double c = info[1].As<Napi::Number>().DoubleValue();
  if (!e.CheckTypeTag(&kKeyPoolTag) || !(c >= 0 && c <= 64) || c != static_cast<double>(static_cast<size_t>(c)))
    return TypeErr(env, "sm2.keyPoolTake: expected a key pool and a count of at most 64");
  size_t n = static_cast<size_t>(c);
  uint8_t ds[64 * 32], xys[64 * 64];
  int st = n > 0 ? sm2_keypool_take(e.Data(), ds, xys, n) : SM2_OK;
  if (st != SM2_OK) return Fail(env, st);
  Napi::Uint8Array out;
  bool made = NewBytes(env, 96 * n, &out);
  for (size_t i = 0; made && i < n; i++) {
    std::memcpy(out.Data() + 96 * i, ds + 32 * i, 32);
    std::memcpy(out.Data() + 96 * i + 32, xys + 64 * i, 64);
  }
  mima_wipe(ds, sizeof ds);
  return made ? Napi::Value(out) : env.Undefined();
}

// decodePublic(bytes) → 64-byte x‖y, or null for an invalid public key.
Napi::Value DecodePublic(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const uint8_t *p;
  size_t len;
  if (info.Length() < 1 || !Bytes(info[0], &p, &len)) return TypeErr(env, "sm2.decodePublic: expected bytes");
  if (!Setup(env)) return env.Undefined();
  uint8_t xy[64];
  if (!sm2_public_decode(xy, p, len)) return env.Null();
  return Out(env, xy, 64);
}

// computeZ(xy: 64 bytes of a valid point, id) → 32 bytes.
Napi::Value ComputeZ(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const uint8_t *xy, *id;
  size_t len, idlen;
  if (info.Length() < 2 || !Bytes(info[0], &xy, &len) || len != 64 || !Bytes(info[1], &id, &idlen) || idlen >= 8192)
    return TypeErr(env, "sm2.computeZ: expected 64-byte x‖y and an id shorter than 8192 bytes");
  uint8_t z[32];
  sm2_compute_z(z, xy, id, idlen);
  return Out(env, z, 32);
}

void FinalizeSigner(Napi::Env, SignerBox *b) {
  sm2_signer_free(b->s);
  delete b;
}

void FinalizeVerifier(Napi::Env, VerifierBox *b) {
  sm2_verifier_free(b->v);
  delete b;
}

// signer(d, xy | undefined, id) → handle, or null for an invalid d.
Napi::Value Signer(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const uint8_t *d, *xy = nullptr, *id;
  size_t len, xylen = 0, idlen;
  if (info.Length() < 3 || !Bytes(info[0], &d, &len) || len != 32 || !Bytes(info[2], &id, &idlen) || idlen >= 8192 ||
      (!info[1].IsUndefined() && (!Bytes(info[1], &xy, &xylen) || xylen != 64)))
    return TypeErr(env, "sm2.signer: expected d (32 bytes), x‖y (64 bytes) or undefined, id");
  if (!Setup(env)) return env.Undefined();
  int err;
  sm2_signer *s = sm2_signer_new(d, xy, id, idlen, &err);
  if (s == nullptr) return err == SM2_ERR_KEY ? env.Null() : Fail(env, err);
  SignerBox *box = new SignerBox{s};
  Napi::External<SignerBox> h = Napi::External<SignerBox>::New(env, box, FinalizeSigner);
  h.TypeTag(&kSignerTag);
  return h;
}

Napi::Value SignerPublic(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  sm2_signer *s = info.Length() >= 1 ? SignerOf(info[0]) : nullptr;
  if (s == nullptr) return TypeErr(env, "sm2.signerPublic: expected a live signer");
  return Out(env, sm2_signer_public(s), 64);
}

// signMessage(h, msg, k?) → r‖s, or null when the given k must be replaced.
Napi::Value SignMessage(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  sm2_signer *s = info.Length() >= 2 ? SignerOf(info[0]) : nullptr;
  const uint8_t *msg, *k;
  size_t len;
  bool ok;
  if (s == nullptr || !Bytes(info[1], &msg, &len) || !OptionalScalars(info[2], 1, &k, &ok))
    return TypeErr(env, "sm2.signMessage: expected a live signer, message bytes, optional 32-byte k");
  uint8_t sig[64];
  int st = sm2_sign_message(s, msg, len, k, sig);
  if (st == SM2_RETRY) return env.Null();
  if (st != SM2_OK) return Fail(env, st);
  return Out(env, sig, 64);
}

// signDigests(h, es: 32·n, ks?: 32·n) → 64·n; with ks, an all-zero r‖s asks for a new k.
Napi::Value SignDigests(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  sm2_signer *s = info.Length() >= 2 ? SignerOf(info[0]) : nullptr;
  const uint8_t *es, *ks;
  size_t len;
  bool ok;
  if (s == nullptr || !Bytes(info[1], &es, &len) || len % 32 != 0 || !OptionalScalars(info[2], len / 32, &ks, &ok))
    return TypeErr(env, "sm2.signDigests: expected a live signer, 32·n digest bytes, optional 32·n k bytes");
  size_t n = len / 32;
  Napi::Uint8Array out;
  if (!NewBytes(env, 64 * n, &out)) return env.Undefined();
  int st = n > 0 ? sm2_sign_digests(s, es, n, ks, out.Data()) : SM2_OK;
  if (st != SM2_OK && st != SM2_RETRY) return Fail(env, st);
  return out;
}

Napi::Value SignerRelease(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsExternal()) return TypeErr(env, "sm2.signerRelease: expected a signer");
  Napi::External<SignerBox> e = info[0].As<Napi::External<SignerBox>>();
  if (!e.CheckTypeTag(&kSignerTag)) return TypeErr(env, "sm2.signerRelease: expected a signer");
  sm2_signer_free(e.Data()->s); // wipes d, (1 + d)^-1 and Z
  e.Data()->s = nullptr;
  return env.Undefined();
}

// verifier(pub (any encoding), id | null, precompute) → handle, or null for an invalid key.
// A null id skips Z (encrypting keys).
Napi::Value Verifier(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const uint8_t *pub, *id = nullptr;
  size_t len, idlen = 0;
  if (info.Length() < 3 || !Bytes(info[0], &pub, &len) || !info[2].IsBoolean() ||
      (!info[1].IsNull() && (!Bytes(info[1], &id, &idlen) || idlen >= 8192)))
    return TypeErr(env, "sm2.verifier: expected public key bytes, id or null, precompute flag");
  static const uint8_t kNoId = 0;
  if (!info[1].IsNull() && id == nullptr) id = &kNoId; // an empty id still gives a Z
  if (!Setup(env)) return env.Undefined();
  int err;
  sm2_verifier *v = sm2_verifier_new(pub, len, id, idlen, info[2].As<Napi::Boolean>().Value(), &err);
  if (v == nullptr) return err == SM2_ERR_KEY ? env.Null() : Fail(env, err);
  VerifierBox *box = new VerifierBox{v};
  Napi::External<VerifierBox> h = Napi::External<VerifierBox>::New(env, box, FinalizeVerifier);
  h.TypeTag(&kVerifierTag);
  return h;
}

Napi::Value VerifierPublic(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  sm2_verifier *v = info.Length() >= 1 ? VerifierOf(info[0]) : nullptr;
  if (v == nullptr) return TypeErr(env, "sm2.verifierPublic: expected a live verifier");
  return Out(env, sm2_verifier_public(v), 64);
}

Napi::Value VerifyMessage(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  sm2_verifier *v = info.Length() >= 3 ? VerifierOf(info[0]) : nullptr;
  const uint8_t *msg, *sig;
  size_t len, siglen;
  if (v == nullptr || !Bytes(info[1], &msg, &len) || !Bytes(info[2], &sig, &siglen) || siglen != 64)
    return TypeErr(env, "sm2.verifyMessage: expected a live verifier, message bytes, 64-byte signature");
  return Napi::Boolean::New(env, sm2_verify_message(v, msg, len, sig) == 1);
}

// verifyDigests(h, es: 32·n, sigs: 64·n) → n bytes, 1 = valid.
Napi::Value VerifyDigests(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  sm2_verifier *v = info.Length() >= 3 ? VerifierOf(info[0]) : nullptr;
  const uint8_t *es, *sigs;
  size_t len, siglen;
  if (v == nullptr || !Bytes(info[1], &es, &len) || len % 32 != 0 || !Bytes(info[2], &sigs, &siglen) || siglen != 2 * len)
    return TypeErr(env, "sm2.verifyDigests: expected a live verifier, 32·n digest bytes, 64·n signature bytes");
  size_t n = len / 32;
  Napi::Uint8Array out;
  if (!NewBytes(env, n, &out)) return env.Undefined();
  if (n > 0) sm2_verify_digests(v, es, sigs, n, out.Data());
  return out;
}

// verifyBatch(keys: 66·n (length byte, then up to 65 key bytes), es: 32·n, sigs: 64·n) → n bytes:
// 1 valid, 0 invalid signature, 2 invalid public key.
Napi::Value VerifyBatch(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const uint8_t *keys, *es, *sigs;
  size_t klen, len, siglen;
  if (info.Length() < 3 || !Bytes(info[0], &keys, &klen) || !Bytes(info[1], &es, &len) || len % 32 != 0 ||
      !Bytes(info[2], &sigs, &siglen) || siglen != 2 * len || klen != 66 * (len / 32))
    return TypeErr(env, "sm2.verifyBatch: expected 66·n key bytes, 32·n digest bytes, 64·n signature bytes");
  if (!Setup(env)) return env.Undefined();
  size_t n = len / 32;
  Napi::Uint8Array out;
  if (!NewBytes(env, n, &out)) return env.Undefined();
  for (size_t i = 0; i < n; i++) {
    const uint8_t *k = keys + 66 * i;
    size_t kl = k[0] <= 65 ? k[0] : 0;
    int r = sm2_verify_with_key(k + 1, kl, es + 32 * i, sigs + 64 * i);
    out.Data()[i] = (uint8_t)(r < 0 ? 2 : r);
  }
  return out;
}

Napi::Value VerifierRelease(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsExternal()) return TypeErr(env, "sm2.verifierRelease: expected a verifier");
  Napi::External<VerifierBox> e = info[0].As<Napi::External<VerifierBox>>();
  if (!e.CheckTypeTag(&kVerifierTag)) return TypeErr(env, "sm2.verifierRelease: expected a verifier");
  sm2_verifier_free(e.Data()->v);
  e.Data()->v = nullptr;
  return env.Undefined();
}

// encrypt(h, m (non-empty), order 0|1, k?) → C1‖C3‖C2 or C1‖C2‖C3; null when k must be replaced.
Napi::Value Encrypt(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  sm2_verifier *v = info.Length() >= 3 ? VerifierOf(info[0]) : nullptr;
  const uint8_t *m, *k;
  size_t len;
  bool ok;
  if (v == nullptr || !Bytes(info[1], &m, &len) || len == 0 || !info[2].IsNumber() || !OptionalScalars(info[3], 1, &k, &ok))
    return TypeErr(env, "sm2.encrypt: expected a live key, non-empty plaintext, order, optional 32-byte k");
  int order = info[2].As<Napi::Number>().Int32Value() == 1 ? SM2_C1C2C3 : SM2_C1C3C2;
  Napi::Uint8Array out;
  if (!NewBytes(env, 97 + len, &out)) return env.Undefined();
  int st = sm2_encrypt(v, m, len, order, k, out.Data());
  if (st == SM2_RETRY) return env.Null();
  if (st != SM2_OK) return Fail(env, st);
  return out;
}

// encryptWithKey(pub (any encoding), m (non-empty), order, k?) → ciphertext; false for an
// invalid public key; null when the given k must be replaced.
Napi::Value EncryptWithKey(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const uint8_t *pub, *m, *k;
  size_t plen, len;
  bool ok;
  if (info.Length() < 3 || !Bytes(info[0], &pub, &plen) || !Bytes(info[1], &m, &len) || len == 0 || !info[2].IsNumber() ||
      !OptionalScalars(info[3], 1, &k, &ok))
    return TypeErr(env, "sm2.encryptWithKey: expected public key bytes, non-empty plaintext, order, optional 32-byte k");
  if (!Setup(env)) return env.Undefined();
  int err;
  sm2_verifier *v = sm2_verifier_new(pub, plen, nullptr, 0, 0, &err);
  if (v == nullptr) return err == SM2_ERR_KEY ? Napi::Boolean::New(env, false) : Fail(env, err);
  int order = info[2].As<Napi::Number>().Int32Value() == 1 ? SM2_C1C2C3 : SM2_C1C3C2;
  Napi::Uint8Array out;
  if (!NewBytes(env, 97 + len, &out)) {
    sm2_verifier_free(v);
    return env.Undefined();
  }
  int st = sm2_encrypt(v, m, len, order, k, out.Data());
  sm2_verifier_free(v);
  if (st == SM2_RETRY) return env.Null();
  if (st != SM2_OK) return Fail(env, st);
  return out;
}

// decrypt(d, ct, order 0|1) → plaintext, or null when decryption fails (or d is invalid).
Napi::Value Decrypt(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  const uint8_t *d, *ct;
  size_t dlen, len;
  if (info.Length() < 3 || !Bytes(info[0], &d, &dlen) || dlen != 32 || !Bytes(info[1], &ct, &len) || !info[2].IsNumber())
    return TypeErr(env, "sm2.decrypt: expected d (32 bytes), ciphertext bytes, order");
  if (!Setup(env)) return env.Undefined();
  int order = info[2].As<Napi::Number>().Int32Value() == 1 ? SM2_C1C2C3 : SM2_C1C3C2;
  if (len < 98) return env.Null();
  // The plaintext goes straight into the result; sm2_decrypt zeroes it on failure.
  Napi::Uint8Array out;
  if (!NewBytes(env, len - 97, &out)) return env.Undefined();
  int st = sm2_decrypt(d, ct, len, order, out.Data());
  if (st == SM2_ERR_DECRYPT || st == SM2_ERR_KEY) return env.Null();
  if (st != SM2_OK) return Fail(env, st);
  return out;
}

}  // namespace

Napi::Object InitSm2(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("describe", Napi::Function::New(env, Describe));
  o.Set("testingForcePath", Napi::Function::New(env, ForcePath));
  o.Set("publicKeys", Napi::Function::New(env, PublicKeys));
  o.Set("generate", Napi::Function::New(env, Generate));
  o.Set("keyPool", Napi::Function::New(env, KeyPool));
  o.Set("keyPoolTake", Napi::Function::New(env, KeyPoolTake));
  o.Set("decodePublic", Napi::Function::New(env, DecodePublic));
  o.Set("computeZ", Napi::Function::New(env, ComputeZ));
  o.Set("signer", Napi::Function::New(env, Signer));
  o.Set("signerPublic", Napi::Function::New(env, SignerPublic));
  o.Set("signMessage", Napi::Function::New(env, SignMessage));
  o.Set("signDigests", Napi::Function::New(env, SignDigests));
  o.Set("signerRelease", Napi::Function::New(env, SignerRelease));
  o.Set("verifier", Napi::Function::New(env, Verifier));
  o.Set("verifierPublic", Napi::Function::New(env, VerifierPublic));
  o.Set("verifyMessage", Napi::Function::New(env, VerifyMessage));
  o.Set("verifyDigests", Napi::Function::New(env, VerifyDigests));
  o.Set("verifyBatch", Napi::Function::New(env, VerifyBatch));
  o.Set("verifierRelease", Napi::Function::New(env, VerifierRelease));
  o.Set("encrypt", Napi::Function::New(env, Encrypt));
  o.Set("encryptWithKey", Napi::Function::New(env, EncryptWithKey));
  o.Set("decrypt", Napi::Function::New(env, Decrypt));
  return o;
}
