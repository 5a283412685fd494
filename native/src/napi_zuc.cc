// Node-API glue of the ZUC family (exports.zuc). The TypeScript wrapper
// (src/engine/native/zuc.ts) validates every argument first and raises the library's own
// errors; the checks here only guarantee that no JS input can make the native code read or
// write out of bounds (TypeError / RangeError on misuse of the raw object).
//
// Outputs go into buffers the caller passes (creating a typed array from native code costs
// ~300 ns on Node 20, more than a short EIA3); the EIA3 MAC is returned as a number.
#include <napi.h>

#include <cmath>
#include <cstring>
#include <string>

#include "zuc/zuc.h"

namespace {

struct Bytes {
  uint8_t *data = nullptr;
  size_t len = 0;
};

// A Uint8Array (or Buffer) argument.
bool bytesArg(const Napi::CallbackInfo &info, size_t i, const char *what, Bytes *out) {
  napi_env env = info.Env();
  napi_typedarray_type type = napi_int8_array;
  size_t len = 0;
  void *data = nullptr;
  // napi_get_typedarray_info fails without throwing for anything but a typed array.
  if (info.Length() <= i || napi_get_typedarray_info(env, info[i], &type, &len, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    Napi::TypeError::New(info.Env(), std::string("zuc native: ") + what + " must be a Uint8Array")
        .ThrowAsJavaScriptException();
    return false;
  }
  out->len = len;
  out->data = len > 0 ? static_cast<uint8_t *>(data) : nullptr;  // detached: length 0
  return true;
}

// An output buffer of at least `need` bytes (need > 0).
bool outArg(const Napi::CallbackInfo &info, size_t i, size_t need, Bytes *out) {
  if (!bytesArg(info, i, "out", out)) return false;
  if (out->len < need || out->data == nullptr) {
    Napi::RangeError::New(info.Env(), "zuc native: out is too short").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

bool keyArg(const Napi::CallbackInfo &info, size_t i, size_t len, Bytes *out) {
  if (!bytesArg(info, i, "key", out)) return false;
  if (out->len != len) {
    Napi::RangeError::New(info.Env(), "zuc native: wrong key length").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

// An integer argument in [0, max].
bool uintArg(const Napi::CallbackInfo &info, size_t i, double max, const char *what, double *out) {
  if (info.Length() <= i || !info[i].IsNumber()) {
    Napi::TypeError::New(info.Env(), std::string("zuc native: ") + what + " must be a number").ThrowAsJavaScriptException();
    return false;
  }
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (!(v >= 0 && v <= max && std::floor(v) == v)) {
    Napi::RangeError::New(info.Env(), std::string("zuc native: ") + what + " out of range").ThrowAsJavaScriptException();
    return false;
  }
  *out = v;
  return true;
}

// (key, data, params, ...) of EEA3/EIA3: params is a Uint32Array [count, bearer, direction,
// lengthBits] (one argument instead of four numbers: each napi call costs ~15 ns, as much as
// hashing a few bytes).
struct Eia3Args {
  Bytes key, data;
  uint32_t count, bearer, direction, bits;
};

bool eArgs(const Napi::CallbackInfo &info, Eia3Args *a) {
  if (!keyArg(info, 0, 16, &a->key) || !bytesArg(info, 1, "data", &a->data)) return false;
  napi_env env = info.Env();
  napi_typedarray_type type = napi_int8_array;
  size_t n = 0;
  void *p = nullptr;
  if (info.Length() < 3 || napi_get_typedarray_info(env, info[2], &type, &n, &p, nullptr, nullptr) != napi_ok ||
      type != napi_uint32_array || n != 4 || (reinterpret_cast<uintptr_t>(p) % alignof(uint32_t)) != 0) {
    Napi::TypeError::New(info.Env(), "zuc native: params must be a Uint32Array of 4").ThrowAsJavaScriptException();
    return false;
  }
  const uint32_t *q = static_cast<const uint32_t *>(p);
  a->count = q[0];
  a->bearer = q[1];
  a->direction = q[2];
  a->bits = q[3];
  if (a->bearer > 31 || a->direction > 1 || (uint64_t)a->bits > (uint64_t)a->data.len * 8) {
    Napi::RangeError::New(info.Env(), "zuc native: params out of range").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

// eea3(key, data, params, out): ceil(lengthBits/8) bytes -> out
Napi::Value Eea3(const Napi::CallbackInfo &info) {
  Eia3Args a;
  if (!eArgs(info, &a)) return info.Env().Undefined();
  if (a.bits == 0) return info.Env().Undefined();
  Bytes o;
  if (!outArg(info, 3, ((size_t)a.bits + 7) / 8, &o)) return info.Env().Undefined();
  mima_eea3(a.key.data, a.count, a.bearer, a.direction, a.data.data, a.bits, o.data);
  return info.Env().Undefined();
}

// eia3(key, data, params) -> the MAC as a uint32 number
Napi::Value Eia3(const Napi::CallbackInfo &info) {
  Eia3Args a;
  if (!eArgs(info, &a)) return info.Env().Undefined();
  static const uint8_t empty[4] = {0, 0, 0, 0};
  uint32_t t = mima_eia3(a.key.data, a.count, a.bearer, a.direction, a.data.data ? a.data.data : empty, a.bits);
  return Napi::Number::New(info.Env(), (double)t);
}

// A key and IV loaded into a state: ZUC-128 (16-byte IV) or ZUC-256 (25- or 23-byte IV).
bool loadState(const Napi::CallbackInfo &info, bool z256, const uint8_t *d256, mima_zuc_state *st) {
  Bytes key, iv;
  if (!keyArg(info, 0, z256 ? 32 : 16, &key) || !bytesArg(info, 1, "iv", &iv)) return false;
  if (!z256) {
    if (iv.len != 16) {
      Napi::RangeError::New(info.Env(), "zuc native: wrong iv length").ThrowAsJavaScriptException();
      return false;
    }
    mima_zuc128_init(st, key.data, iv.data);
    return true;
  }
  uint8_t iv17[17], iv6[8];
  if (iv.data == nullptr || mima_zuc256_parse_iv(iv.data, iv.len, iv17, iv6) != 0) {
    Napi::RangeError::New(info.Env(), "zuc native: bad ZUC-256 iv").ThrowAsJavaScriptException();
    return false;
  }
  mima_zuc256_init(st, key.data, iv17, iv6, d256);
  std::memset(iv17, 0, sizeof iv17);
  std::memset(iv6, 0, sizeof iv6);
  return true;
}

void burnState(mima_zuc_state *st) {
  volatile uint8_t *p = reinterpret_cast<volatile uint8_t *>(st);
  for (size_t i = 0; i < sizeof *st; i++) p[i] = 0;
}

// keystream128(key, iv, out: Uint32Array) / keystream256(...): out.length keystream words
Napi::Value KeystreamCommon(const Napi::CallbackInfo &info, bool z256) {
  Napi::Env env = info.Env();
  napi_typedarray_type type = napi_int8_array;
  size_t n = 0;
  void *data = nullptr;
  bool is = false;
  if (info.Length() < 3 || napi_is_typedarray(env, info[2], &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, info[2], &type, &n, &data, nullptr, nullptr) != napi_ok || type != napi_uint32_array ||
      (reinterpret_cast<uintptr_t>(data) % alignof(uint32_t)) != 0) {
    Napi::TypeError::New(env, "zuc native: out must be a Uint32Array").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  mima_zuc_state st;
  if (!loadState(info, z256, mima_zuc256_d_keystream(), &st)) return env.Undefined();
  if (n > 0 && data != nullptr) mima_zuc_keystream(&st, static_cast<uint32_t *>(data), n);
  burnState(&st);
  return env.Undefined();
}
Napi::Value Keystream128(const Napi::CallbackInfo &info) { return KeystreamCommon(info, false); }
Napi::Value Keystream256(const Napi::CallbackInfo &info) { return KeystreamCommon(info, true); }

// xor128(key, iv, data, out) / xor256(...): data XOR keystream -> out
Napi::Value XorCommon(const Napi::CallbackInfo &info, bool z256) {
  Bytes d, o;
  if (!bytesArg(info, 2, "data", &d)) return info.Env().Undefined();
  if (d.len == 0) return info.Env().Undefined();
  if (!outArg(info, 3, d.len, &o)) return info.Env().Undefined();
  mima_zuc_state st;
  if (!loadState(info, z256, mima_zuc256_d_keystream(), &st)) return info.Env().Undefined();
  mima_zuc_xor(&st, d.data, o.data, d.len);
  burnState(&st);
  return info.Env().Undefined();
}
Napi::Value Xor128(const Napi::CallbackInfo &info) { return XorCommon(info, false); }
Napi::Value Xor256(const Napi::CallbackInfo &info) { return XorCommon(info, true); }

// mac256(key, iv, message, macBits, out): the tag (macBits / 8 bytes) -> out
Napi::Value Mac256(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Bytes key, iv, msg, o;
  double macBits;
  if (!keyArg(info, 0, 32, &key) || !bytesArg(info, 1, "iv", &iv) || !bytesArg(info, 2, "message", &msg) ||
      !uintArg(info, 3, 128, "macBits", &macBits)) {
    return env.Undefined();
  }
  if (macBits != 32 && macBits != 64 && macBits != 128) {
    Napi::RangeError::New(env, "zuc native: macBits must be 32, 64 or 128").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (!outArg(info, 4, (size_t)macBits / 8, &o)) return env.Undefined();
  uint8_t iv17[17], iv6[8];
  if (iv.data == nullptr || mima_zuc256_parse_iv(iv.data, iv.len, iv17, iv6) != 0) {
    Napi::RangeError::New(env, "zuc native: bad ZUC-256 iv").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  static const uint8_t empty[4] = {0, 0, 0, 0};
  mima_zuc256_mac(key.data, iv17, iv6, msg.data ? msg.data : empty, (uint64_t)msg.len * 8, (unsigned)macBits, o.data);
  return env.Undefined();
}

// testingForcePath('auto' | 'portable' | 'pclmul' | 'vpclmul') -> boolean
Napi::Value ForcePath(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    Napi::TypeError::New(env, "zuc native: path must be a string").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string p = info[0].As<Napi::String>().Utf8Value();
  static const char *const names[] = {"auto", "portable", "pclmul", "vpclmul"};
  for (int i = 0; i < 4; i++) {
    if (p == names[i]) return Napi::Boolean::New(env, mima_zuc_force_path(i) == 0);
  }
  Napi::TypeError::New(env, "zuc native: unknown path").ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value Describe(const Napi::CallbackInfo &info) {
  return Napi::String::New(info.Env(), std::string("mac=") + mima_zuc_describe());
}

}  // namespace

Napi::Object InitZuc(Napi::Env env) {
  mima_zuc_setup();
  Napi::Object o = Napi::Object::New(env);
  o.Set("eea3", Napi::Function::New(env, Eea3, "eea3"));
  o.Set("eia3", Napi::Function::New(env, Eia3, "eia3"));
  o.Set("keystream128", Napi::Function::New(env, Keystream128, "keystream128"));
  o.Set("keystream256", Napi::Function::New(env, Keystream256, "keystream256"));
  o.Set("xor128", Napi::Function::New(env, Xor128, "xor128"));
  o.Set("xor256", Napi::Function::New(env, Xor256, "xor256"));
  o.Set("mac256", Napi::Function::New(env, Mac256, "mac256"));
  o.Set("testingForcePath", Napi::Function::New(env, ForcePath, "testingForcePath"));
  o.Set("describe", Napi::Function::New(env, Describe, "describe"));
  return o;
}
