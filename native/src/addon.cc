// Node-API entry of the native engine. Each algorithm family has its own glue file
// (napi_sm2.cc, napi_sm3.cc, napi_sm4.cc, napi_zuc.cc) defining an Init function that adds its
// object to the exports; the declarations are weak so the addon builds and loads while a
// family is still missing (its object is then absent and the TypeScript wrapper reports it).
#include <napi.h>

#include "cpu.h"

Napi::Object InitSm2(Napi::Env env) __attribute__((weak));
Napi::Object InitSm3(Napi::Env env) __attribute__((weak));
Napi::Object InitSm4(Napi::Env env) __attribute__((weak));
Napi::Object InitZuc(Napi::Env env) __attribute__((weak));

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  mima_cpu_detect();
  char features[256];
  mima_cpu_describe(features, sizeof features);
  exports.Set("cpuFeatures", Napi::String::New(env, features));
  if (InitSm2) exports.Set("sm2", InitSm2(env));
  if (InitSm3) exports.Set("sm3", InitSm3(env));
  if (InitSm4) exports.Set("sm4", InitSm4(env));
  if (InitZuc) exports.Set("zuc", InitZuc(env));
  return exports;
}

NODE_API_MODULE(mima_native, Init)
