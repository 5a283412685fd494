// Node-API glue of the SM3 family (exports.sm3). Every entry point checks its arguments
// before touching memory; the TypeScript wrapper (src/engine/native/sm3.ts) validates first
// and raises the library's own errors, so the TypeErrors here only guard against misuse of the
// raw addon.
//
// Results are written into output buffers the caller passes (the wrapper keeps a scratch
// buffer and slices it): creating a typed array from native code costs ~300 ns on Node 20,
// more than hashing a short message (measured in .build, see the issue 3 report).
//
// Incremental hashing keeps the SM3 context in a JS-owned Uint8Array of CTX_BYTES bytes (the
// wrapper clones it by copying and wipes it with fill(0)); the glue checks its size, alignment
// and buffered-byte count before use, so a corrupted context cannot make it read or write out
// of bounds.
#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "sm3/sm3.h"

namespace {

constexpr size_t CTX_BYTES = sizeof(mima_sm3_ctx);
constexpr size_t HMAC_CTX_BYTES = sizeof(mima_hmac_sm3_ctx);

// A byte view of a Uint8Array (or Buffer); ok = false for anything else.
struct Bytes {
  uint8_t *data = nullptr;
  size_t len = 0;
  bool ok = false;
};

Bytes bytesOf(napi_env env, napi_value v) {
  Bytes b;
  napi_typedarray_type type = napi_int8_array;
  size_t len = 0;
  void *data = nullptr;
  // napi_get_typedarray_info fails (napi_invalid_arg, no exception) for anything that is not
  // a typed array, so one call checks and reads.
  if (napi_get_typedarray_info(env, v, &type, &len, &data, nullptr, nullptr) != napi_ok || type != napi_uint8_array) {
    return b;
  }
  b.len = len;
  // A detached buffer reports length 0 and possibly a null pointer.
  b.data = len > 0 ? static_cast<uint8_t *>(data) : nullptr;
  b.ok = true;
  return b;
}

bool fail(const Napi::CallbackInfo &info, const std::string &msg) {
  Napi::TypeError::New(info.Env(), "sm3 native: " + msg).ThrowAsJavaScriptException();
  return false;
}

bool bytesArg(const Napi::CallbackInfo &info, size_t i, const char *what, Bytes *out) {
  if (info.Length() <= i) return fail(info, std::string("missing ") + what);
  *out = bytesOf(info.Env(), info[i]);
  if (!out->ok) return fail(info, std::string(what) + " must be a Uint8Array");
  return true;
}

// An output buffer of at least `need` bytes.
bool outArg(const Napi::CallbackInfo &info, size_t i, size_t need, Bytes *out) {
  if (!bytesArg(info, i, "out", out)) return false;
  if (out->len < need || out->data == nullptr) return fail(info, "out is too short");
  return true;
}

// digest(data, out): SM3(data) -> out[0..32)
Napi::Value Digest(const Napi::CallbackInfo &info) {
  Bytes d, o;
  if (bytesArg(info, 0, "data", &d) && outArg(info, 1, 32, &o)) mima_sm3(d.data, d.len, o.data);
  return info.Env().Undefined();
}

// digestMany(messages: Uint8Array[], out): digest i -> out[32i, 32i + 32).
Napi::Value DigestMany(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsArray()) {
    fail(info, "messages must be an array");
    return env.Undefined();
  }
  Napi::Array arr = info[0].As<Napi::Array>();
  uint32_t n = arr.Length();
  if (n == 0) return env.Undefined();
  Bytes o;
  // Two passes: reading the elements may run JS (an accessor on the array could detach a
  // buffer read earlier), so every element is fetched first and the data pointers are taken
  // afterwards, when no more JS can run before the hashing.
  std::vector<napi_value> vals(n);
  for (uint32_t i = 0; i < n; i++) {
    if (napi_get_element(env, arr, i, &vals[i]) != napi_ok) return env.Undefined();
  }
  if (!outArg(info, 1, (size_t)n * 32, &o)) return env.Undefined();
  std::vector<const uint8_t *> ptrs(n);
  std::vector<size_t> lens(n);
  static const uint8_t empty[1] = {0};
  for (uint32_t i = 0; i < n; i++) {
    Bytes b = bytesOf(env, vals[i]);
    if (!b.ok) {
      fail(info, "every message must be a Uint8Array");
      return env.Undefined();
    }
    ptrs[i] = b.data ? b.data : empty;
    lens[i] = b.len;
  }
  // (The wrapper passes a fresh `out`, never one of the messages.)
  mima_sm3_many(ptrs.data(), lens.data(), n, o.data);
  return env.Undefined();
}

// digestPacked(data, lengths: Uint32Array, out): the messages are consecutive in `data`.
Napi::Value DigestPacked(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Bytes d;
  if (!bytesArg(info, 0, "data", &d)) return env.Undefined();
  if (info.Length() < 3 || !info[1].IsTypedArray() ||
      info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array) {
    fail(info, "lengths must be a Uint32Array");
    return env.Undefined();
  }
  Napi::Uint32Array l = info[1].As<Napi::Uint32Array>();
  size_t n = l.ElementLength();
  if (n == 0) return env.Undefined();
  Bytes o;
  if (!outArg(info, 2, n * 32, &o)) return env.Undefined();
  std::vector<const uint8_t *> ptrs(n);
  std::vector<size_t> lens(n);
  static const uint8_t empty[1] = {0};
  size_t off = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = l[i];
    if (len > d.len - off) {
      Napi::RangeError::New(env, "sm3 native: lengths exceed the data").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    ptrs[i] = d.data ? d.data + off : empty;
    lens[i] = len;
    off += len;
  }
  mima_sm3_many(ptrs.data(), lens.data(), n, o.data);
  return env.Undefined();
}

// hmac(key, data, out): HMAC-SM3 -> out[0..32)
Napi::Value Hmac(const Napi::CallbackInfo &info) {
  Bytes k, d, o;
  if (bytesArg(info, 0, "key", &k) && bytesArg(info, 1, "data", &d) && outArg(info, 2, 32, &o)) {
    mima_hmac_sm3(k.data, k.len, d.data, d.len, o.data);
  }
  return info.Env().Undefined();
}

// A context argument: a Uint8Array of exactly `size` bytes, aligned for the struct.
template <typename Ctx>
Ctx *ctxOf(const Napi::CallbackInfo &info, size_t i, size_t size) {
  Bytes c = info.Length() > i ? bytesOf(info.Env(), info[i]) : Bytes{};
  if (!c.ok || c.len != size || c.data == nullptr || (reinterpret_cast<uintptr_t>(c.data) % alignof(Ctx)) != 0) {
    fail(info, "bad context");
    return nullptr;
  }
  return reinterpret_cast<Ctx *>(c.data);
}

bool sane(const Napi::CallbackInfo &info, const mima_sm3_ctx *c) {
  if (c->num < 64) return true;
  return fail(info, "bad context");
}

// init(ctx): a fresh SM3 state.
Napi::Value Init(const Napi::CallbackInfo &info) {
  mima_sm3_ctx *c = ctxOf<mima_sm3_ctx>(info, 0, CTX_BYTES);
  if (c != nullptr) mima_sm3_init(c);
  return info.Env().Undefined();
}

// update(ctx, data)
Napi::Value Update(const Napi::CallbackInfo &info) {
  mima_sm3_ctx *c = ctxOf<mima_sm3_ctx>(info, 0, CTX_BYTES);
  Bytes d;
  if (c != nullptr && bytesArg(info, 1, "data", &d) && sane(info, c)) mima_sm3_update(c, d.data, d.len);
  return info.Env().Undefined();
}

// final(ctx, out): digest -> out[0..32); the context is wiped.
Napi::Value Final(const Napi::CallbackInfo &info) {
  mima_sm3_ctx *c = ctxOf<mima_sm3_ctx>(info, 0, CTX_BYTES);
  Bytes o;
  if (c != nullptr && sane(info, c) && outArg(info, 1, 32, &o)) mima_sm3_final(c, o.data);
  return info.Env().Undefined();
}

// hmacInit(ctx, key), hmacUpdate(ctx, data), hmacFinal(ctx, out)
Napi::Value HmacInit(const Napi::CallbackInfo &info) {
  mima_hmac_sm3_ctx *c = ctxOf<mima_hmac_sm3_ctx>(info, 0, HMAC_CTX_BYTES);
  Bytes k;
  if (c != nullptr && bytesArg(info, 1, "key", &k)) mima_hmac_sm3_init(c, k.data, k.len);
  return info.Env().Undefined();
}

Napi::Value HmacUpdate(const Napi::CallbackInfo &info) {
  mima_hmac_sm3_ctx *c = ctxOf<mima_hmac_sm3_ctx>(info, 0, HMAC_CTX_BYTES);
  Bytes d;
  if (c != nullptr && bytesArg(info, 1, "data", &d) && sane(info, &c->inner) && sane(info, &c->outer)) {
    mima_hmac_sm3_update(c, d.data, d.len);
  }
  return info.Env().Undefined();
}

Napi::Value HmacFinal(const Napi::CallbackInfo &info) {
  mima_hmac_sm3_ctx *c = ctxOf<mima_hmac_sm3_ctx>(info, 0, HMAC_CTX_BYTES);
  Bytes o;
  if (c != nullptr && sane(info, &c->inner) && sane(info, &c->outer) && outArg(info, 1, 32, &o)) {
    mima_hmac_sm3_final(c, o.data);
  }
  return info.Env().Undefined();
}

// testingForcePath('auto' | 'portable' | 'bmi2' | 'avx2' | 'avx512') -> boolean (false if the
// path is not available on this CPU). Process-wide; for tests.
Napi::Value ForcePath(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    fail(info, "path must be a string");
    return env.Undefined();
  }
  std::string p = info[0].As<Napi::String>().Utf8Value();
  static const char *const names[] = {"auto", "portable", "bmi2", "avx2", "avx512"};
  for (int i = 0; i < 5; i++) {
    if (p == names[i]) return Napi::Boolean::New(env, mima_sm3_force_path(i) == 0);
  }
  fail(info, "unknown path");
  return env.Undefined();
}

Napi::Value Describe(const Napi::CallbackInfo &info) { return Napi::String::New(info.Env(), mima_sm3_describe()); }

}  // namespace

Napi::Object InitSm3(Napi::Env env) {
  mima_sm3_setup();
  Napi::Object o = Napi::Object::New(env);
  o.Set("digest", Napi::Function::New(env, Digest, "digest"));
  o.Set("digestMany", Napi::Function::New(env, DigestMany, "digestMany"));
  o.Set("digestPacked", Napi::Function::New(env, DigestPacked, "digestPacked"));
  o.Set("hmac", Napi::Function::New(env, Hmac, "hmac"));
  o.Set("init", Napi::Function::New(env, Init, "init"));
  o.Set("update", Napi::Function::New(env, Update, "update"));
  o.Set("final", Napi::Function::New(env, Final, "final"));
  o.Set("hmacInit", Napi::Function::New(env, HmacInit, "hmacInit"));
  o.Set("hmacUpdate", Napi::Function::New(env, HmacUpdate, "hmacUpdate"));
  o.Set("hmacFinal", Napi::Function::New(env, HmacFinal, "hmacFinal"));
  o.Set("testingForcePath", Napi::Function::New(env, ForcePath, "testingForcePath"));
  o.Set("describe", Napi::Function::New(env, Describe, "describe"));
  o.Set("ctxBytes", Napi::Number::New(env, (double)CTX_BYTES));
  o.Set("hmacCtxBytes", Napi::Number::New(env, (double)HMAC_CTX_BYTES));
  return o;
}
