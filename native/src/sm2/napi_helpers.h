// Argument and result helpers of the SM2 Node-API glue (napi_sm2.cc): type and size checks that
// never touch memory before they pass, allocation checks (a failed allocation leaves a pending
// JS exception, never a crash), and the mapping of hard failures to JS errors.
#ifndef MIMA_SM2_NAPI_HELPERS_H
#define MIMA_SM2_NAPI_HELPERS_H

#include <napi.h>

#include <cstring>

#include "sm2.h"

namespace mima_sm2 {

inline bool Bytes(const Napi::Value &v, const uint8_t **p, size_t *len) {
  if (!v.IsTypedArray()) return false;
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  if (ta.TypedArrayType() != napi_uint8_array) return false;
  Napi::Uint8Array u = v.As<Napi::Uint8Array>();
  *len = u.ElementLength();
  *p = *len > 0 ? u.Data() : nullptr;
  return true;
}

inline Napi::Value TypeErr(Napi::Env env, const char *msg) {
  Napi::TypeError::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

inline Napi::Value Fail(Napi::Env env, int status) {
  const char *msg = status == SM2_ERR_RAND ? "sm2: OS random source failed"
                    : status == SM2_ERR_MEM ? "sm2: out of memory"
                    : status == SM2_ERR_ARG ? "sm2: scalar k out of range [1, n-1]"
                                            : "sm2: internal error";
  Napi::Error::New(env, msg).ThrowAsJavaScriptException();
  return env.Undefined();
}

// A new Uint8Array, or false when the allocation failed (a JS exception is then pending).
inline bool NewBytes(Napi::Env env, size_t len, Napi::Uint8Array *out) {
  *out = Napi::Uint8Array::New(env, len);
  return !env.IsExceptionPending() && !out->IsEmpty();
}

inline Napi::Value Out(Napi::Env env, const uint8_t *data, size_t len) {
  Napi::Uint8Array a;
  if (!NewBytes(env, len, &a)) return env.Undefined();
  if (len > 0) std::memcpy(a.Data(), data, len);
  return a;
}

inline bool Setup(Napi::Env env) {
  int st = sm2_setup();
  if (st != SM2_OK) {
    Fail(env, st);
    return false;
  }
  return true;
}

// Optional 32·count scalars (undefined: drawn natively).
inline bool OptionalScalars(const Napi::Value &v, size_t count, const uint8_t **ks, bool *ok) {
  *ks = nullptr;
  *ok = true;
  if (v.IsUndefined()) return true;
  size_t len;
  if (!Bytes(v, ks, &len) || len != 32 * count) *ok = false;
  return *ok;
}

}  // namespace mima_sm2

#endif
