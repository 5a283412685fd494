# The native engine: C11 kernels for SM2, SM3, SM4 and ZUC behind a Node-API addon.
# Built by `npm install` (scripts/build-native.mjs runs node-gyp here); if the build fails the
# TypeScript engine is used. No -march=native: fast paths are chosen at run time from CPU
# features, with per-function target attributes (see src/cpu.h).
{
  "targets": [
    {
      "target_name": "mima_native",
      "sources": [ "<!@(node list-sources.mjs)" ],
      "include_dirs": [ "<!(node -p \"require('node-addon-api').include_dir\")", "src" ],
      "defines": [ "NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED" ],
      "cflags": [ "-O3", "-fno-strict-aliasing", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fvisibility=hidden" ],
      "cflags_c": [ "-std=c11" ],
      "cflags_cc": [ "-std=c++17", "-fno-exceptions" ],
      "cflags!": [ "-fno-tree-vrp" ],
      "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "NO" }
    }
  ]
}
