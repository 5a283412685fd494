// Node-API glue of the SM4 kernels (native/src/sm4/). Every entry point checks the types and
// lengths of its arguments before touching memory and throws TypeError/RangeError otherwise,
// so no JS input can crash the process; the TypeScript wrapper (src/engine/native/sm4.ts) has
// already applied the CryptoError checks of the TypeScript backend. Outputs are allocated by
// the caller (JS) and passed in, so one call does no allocation on this side.
//
//   crypt(flags, key, iv, input, output) -> length | -1 (bad padding, output wiped)
//       flags: mode (0 ecb, 1 cbc, 2 cfb, 3 ofb, 4 ctr, 5 xts) | 8 decrypt | 16 pkcs7 | 32 IEEE XTS
//   cryptBatch(flags: Int32Array, items: [key, iv, input, output, ...], results: Int32Array)
//   aead(flags, key, nonce, aad, input, output, tagLength) -> 0 | -2 (tag mismatch, output wiped)
//       flags: 1 ccm (else gcm) | 2 open
//   cbcMac(key, iv, data, mac16)
//   paths: string[]; path(): string; testingForcePath(name): string (previous path)
#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "sm4/sm4.h"

namespace {

const uint8_t kEmpty[1] = {0};

struct Bytes {
  const uint8_t *data = kEmpty;
  uint8_t *mut = nullptr;
  size_t len = 0;
};

bool Throw(Napi::Env env, const char *msg, bool range = false) {
  if (range) Napi::RangeError::New(env, msg).ThrowAsJavaScriptException();
  else Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return false;
}

// A Uint8Array argument (a Buffer is one); a detached one has length 0. One
// napi_get_typedarray_info call both checks the type and gives the memory (node-addon-api's
// wrappers make three or four calls per argument, which is most of a short call's cost).
bool GetBytes(Napi::Env env, napi_value v, Bytes *out, const char *what) {
  napi_typedarray_type type;
  size_t length = 0;
  void *data = nullptr;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_uint8_array) {
    std::string msg = std::string("sm4 native: ") + what + " must be a Uint8Array";
    return Throw(env, msg.c_str());
  }
  uint8_t *p = length ? static_cast<uint8_t *>(data) : nullptr;
  if (length && p == nullptr) return Throw(env, "sm4 native: buffer has no memory");
  out->len = length;
  out->mut = p;
  out->data = p ? p : kEmpty;
  return true;
}

bool GetInt(Napi::Env env, napi_value v, int64_t lo, int64_t hi, int64_t *out, const char *what) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) {
    std::string msg = std::string("sm4 native: ") + what + " must be a number";
    return Throw(env, msg.c_str());
  }
  if (!(d >= (double)lo && d <= (double)hi) || d != (double)(int64_t)d) {
    std::string msg = std::string("sm4 native: ") + what + " out of range";
    return Throw(env, msg.c_str(), true);
  }
  *out = (int64_t)d;
  return true;
}

struct CryptArgs {
  int mode, dec, pkcs7, ieee;
  Bytes key, iv, in, out;
};

// The length rules of sm4_crypt, as RangeErrors (the wrapper raises the CryptoErrors first).
bool CheckCrypt(Napi::Env env, int64_t flags, CryptArgs *a) {
  if (flags & ~int64_t(63)) return Throw(env, "sm4 native: unknown flags", true);
  a->mode = (int)(flags & 7);
  a->dec = (flags & 8) != 0;
  a->pkcs7 = (flags & 16) != 0;
  a->ieee = (flags & 32) != 0;
  if (a->mode > SM4_XTS) return Throw(env, "sm4 native: unknown mode", true);
  const bool block = a->mode == SM4_ECB || a->mode == SM4_CBC;
  if (!block) a->pkcs7 = 0;
  if (a->key.len != (a->mode == SM4_XTS ? 32u : 16u)) return Throw(env, "sm4 native: wrong key length", true);
  if (a->mode != SM4_ECB && a->iv.len != 16) return Throw(env, "sm4 native: iv must be 16 bytes", true);
  const size_t n = a->in.len;
  if (block && (a->dec || !a->pkcs7) && n % 16 != 0) return Throw(env, "sm4 native: length is not whole blocks", true);
  if (a->pkcs7 && a->dec && n == 0) return Throw(env, "sm4 native: empty padded ciphertext", true);
  if (a->mode == SM4_XTS && n < 16) return Throw(env, "sm4 native: XTS needs 16 bytes", true);
  const size_t need = a->pkcs7 && !a->dec ? n - n % 16 + 16 : n;
  if (a->out.len < need || (need > 0 && a->out.mut == nullptr)) return Throw(env, "sm4 native: output too short", true);
  return true;
}

long RunCrypt(const CryptArgs &a) {
  return sm4_crypt(a.mode, a.dec, a.pkcs7, a.ieee, a.key.data, a.iv.data, a.in.data, a.in.len,
                   a.out.mut ? a.out.mut : const_cast<uint8_t *>(kEmpty));
}

bool GetIv(Napi::Env env, napi_value v, Bytes *out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) == napi_ok && (t == napi_undefined || t == napi_null)) {
    *out = Bytes();
    return true;
  }
  return GetBytes(env, v, out, "iv");
}

Napi::Value Crypt(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 5) return Throw(env, "sm4 native: crypt takes 5 arguments"), env.Undefined();
  int64_t flags;
  CryptArgs a;
  if (!GetInt(env, info[0], 0, 63, &flags, "flags") || !GetBytes(env, info[1], &a.key, "key") ||
      !GetIv(env, info[2], &a.iv) || !GetBytes(env, info[3], &a.in, "input") ||
      !GetBytes(env, info[4], &a.out, "output") || !CheckCrypt(env, flags, &a))
    return env.Undefined();
  return Napi::Number::New(env, (double)RunCrypt(a));
}

Napi::Value CryptBatch(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[1].IsArray())
    return Throw(env, "sm4 native: cryptBatch(flags: Int32Array, items: Array, results: Int32Array)"), env.Undefined();
  // Reading array elements may run JS (getters) that could detach a buffer: read them all
  // first, then look at the buffers, during which no JS runs.
  Napi::Array items = info[1].As<Napi::Array>();
  const uint32_t count = items.Length();
  std::vector<Napi::Value> vals;
  vals.reserve(count);
  for (uint32_t j = 0; j < count; j++) vals.push_back(items.Get(j));
  if (!info[0].IsTypedArray() || !info[2].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      info[2].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    return Throw(env, "sm4 native: flags and results must be Int32Arrays"), env.Undefined();
  Napi::Int32Array flags = info[0].As<Napi::Int32Array>(), results = info[2].As<Napi::Int32Array>();
  const size_t n = flags.ElementLength();
  if (results.ElementLength() < n || count != 4 * n)
    return Throw(env, "sm4 native: cryptBatch lengths do not match", true), env.Undefined();
  // Check every item before running any, so a bad item leaves no output half written.
  std::vector<CryptArgs> args(n);
  for (size_t i = 0; i < n; i++) {
    CryptArgs &a = args[i];
    if (!GetBytes(env, vals[4 * i], &a.key, "key") || !GetIv(env, vals[4 * i + 1], &a.iv) ||
        !GetBytes(env, vals[4 * i + 2], &a.in, "input") || !GetBytes(env, vals[4 * i + 3], &a.out, "output") ||
        !CheckCrypt(env, flags[i], &a))
      return env.Undefined();
  }
  for (size_t i = 0; i < n; i++) results[i] = (int32_t)RunCrypt(args[i]);
  return env.Undefined();
}

Napi::Value Aead(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 7) return Throw(env, "sm4 native: aead takes 7 arguments"), env.Undefined();
  int64_t flags, tag;
  Bytes key, nonce, aad, in, out;
  if (!GetInt(env, info[0], 0, 3, &flags, "flags") || !GetBytes(env, info[1], &key, "key") ||
      !GetBytes(env, info[2], &nonce, "nonce") || !GetBytes(env, info[3], &aad, "aad") ||
      !GetBytes(env, info[4], &in, "input") || !GetBytes(env, info[5], &out, "output") ||
      !GetInt(env, info[6], 4, 16, &tag, "tagLength"))
    return env.Undefined();
  const bool ccm = flags & 1, open = (flags & 2) != 0;
  if (key.len != 16) return Throw(env, "sm4 native: key must be 16 bytes", true), env.Undefined();
  if (ccm ? (nonce.len < 7 || nonce.len > 13 || tag % 2) : (nonce.len == 0 || tag < 12))
    return Throw(env, "sm4 native: bad nonce or tag length", true), env.Undefined();
  if (open && in.len < (size_t)tag) return Throw(env, "sm4 native: input shorter than the tag", true), env.Undefined();
  const size_t len = open ? in.len - (size_t)tag : in.len;
  const size_t need = open ? len : len + (size_t)tag;
  if (out.len < need || (need && out.mut == nullptr))
    return Throw(env, "sm4 native: output too short", true), env.Undefined();
  if (ccm && 15 - nonce.len < 8 && ((uint64_t)len >> (8 * (15 - nonce.len))) != 0)
    return Throw(env, "sm4 native: message too long for the nonce", true), env.Undefined();
  uint8_t *o = out.mut ? out.mut : const_cast<uint8_t *>(kEmpty);
  int r = ccm ? sm4_ccm(open, key.data, nonce.data, nonce.len, aad.data, aad.len, in.data, len, o, (size_t)tag)
              : sm4_gcm(open, key.data, nonce.data, nonce.len, aad.data, aad.len, in.data, len, o, (size_t)tag);
  return Napi::Number::New(env, r);
}

Napi::Value CbcMac(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4) return Throw(env, "sm4 native: cbcMac takes 4 arguments"), env.Undefined();
  Bytes key, iv, data, mac;
  if (!GetBytes(env, info[0], &key, "key") || !GetBytes(env, info[1], &iv, "iv") ||
      !GetBytes(env, info[2], &data, "data") || !GetBytes(env, info[3], &mac, "mac"))
    return env.Undefined();
  if (key.len != 16 || iv.len != 16 || mac.len < 16 || data.len == 0 || data.len % 16 != 0)
    return Throw(env, "sm4 native: cbcMac lengths", true), env.Undefined();
  sm4_cbc_mac(key.data, iv.data, data.data, data.len / 16, mac.mut);
  return env.Undefined();
}

Napi::Value Path(const Napi::CallbackInfo &info) {
  return Napi::String::New(info.Env(), sm4_path_name(sm4_current_path()));
}

Napi::Value ForcePath(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) return Throw(env, "sm4 native: path name expected"), env.Undefined();
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  const std::string prev = sm4_path_name(sm4_current_path());
  int p = -1;
  if (name == "auto") p = sm4_auto_path();
  for (int i = 0; i < sm4_path_count() && p < 0; i++)
    if (name == sm4_path_name(i)) p = i;
  if (p < 0 || sm4_select_path(p) != 0)
    return Throw(env, "sm4 native: path not available on this CPU", true), env.Undefined();
  return Napi::String::New(env, prev);
}

}  // namespace

Napi::Object InitSm4(Napi::Env env) {
  sm4_init();
  Napi::Object o = Napi::Object::New(env);
  Napi::Array paths = Napi::Array::New(env);
  uint32_t k = 0;
  for (int i = 0; i < sm4_path_count(); i++)
    if (sm4_path_available(i)) paths.Set(k++, Napi::String::New(env, sm4_path_name(i)));
  o.Set("paths", paths);
  o.Set("path", Napi::Function::New(env, Path, "path"));
  o.Set("testingForcePath", Napi::Function::New(env, ForcePath, "testingForcePath"));
  o.Set("crypt", Napi::Function::New(env, Crypt, "crypt"));
  o.Set("cryptBatch", Napi::Function::New(env, CryptBatch, "cryptBatch"));
  o.Set("aead", Napi::Function::New(env, Aead, "aead"));
  o.Set("cbcMac", Napi::Function::New(env, CbcMac, "cbcMac"));
  return o;
}
