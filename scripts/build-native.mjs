// Builds the native engine (native/) with node-gyp, and the SDF C client library
// (native/sdf → native/build/sdf/libmimasdf.so) with make, during `npm install`. Never fails the
// install: without a working compiler Mima runs on the TypeScript engine, and says so; without
// the OpenSSL headers (libssl-dev) the C library is skipped, and `mima sdf lib-path` says so.
//   MIMA_SKIP_NATIVE=1  skip the build
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function nodeGypScript() {
  // npm puts its bundled node-gyp in npm_config_node_gyp for lifecycle scripts.
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c && existsSync(c));
}

function main() {
  if (process.env.MIMA_SKIP_NATIVE === '1') {
    console.warn('mima: MIMA_SKIP_NATIVE=1, native engine not built (TypeScript engine in use)');
    return;
  }
  const gyp = nodeGypScript();
  if (!gyp) {
    console.warn('mima: node-gyp not found; native engine not built (TypeScript engine in use)');
    return;
  }
  const args = [gyp, 'rebuild', '--loglevel=warn', '--directory', join(root, 'native')];
  // Build against the headers of the running Node (no download): <prefix>/include/node.
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.warn('mima: native engine build failed; Mima will use the TypeScript engine (mima engine shows which).');
  }
  buildSdfLibrary();
}

function buildSdfLibrary() {
  const r = spawnSync('make', ['-s', '-C', join(root, 'native', 'sdf')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) console.warn('mima: libmimasdf.so not built (needs make, a C compiler and libssl-dev).');
}

main();
