/**
 * Loading the native addon (native/build/Release/mima_native.node, built by `npm install`).
 * A missing or unloadable addon is not an error: the engine falls back to TypeScript and
 * `mima engine` reports why.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The addon's exports; each family's object is typed by its wrapper module. */
export interface NativeAddon {
  /** CPU features the kernels use, space-separated (empty: portable C only). */
  readonly cpuFeatures: string;
  readonly sm2?: unknown;
  readonly sm3?: unknown;
  readonly sm4?: unknown;
  readonly zuc?: unknown;
}

export type AddonLoad = { addon: NativeAddon; reason?: undefined } | { addon?: undefined; reason: string };

/**
 * The addon file: MIMA_NATIVE_ADDON when set (developers testing a private build), else
 * native/build/Release/ under the repository root (from dist/src/engine/native/).
 */
function addonPath(): string {
  const override = process.env.MIMA_NATIVE_ADDON;
  if (override !== undefined && override !== '') return existsSync(override) ? override : '';
  for (const up of ['../../../../', '../../../']) {
    const p = fileURLToPath(new URL(`${up}native/build/Release/mima_native.node`, import.meta.url));
    if (existsSync(p)) return p;
  }
  return '';
}

let cached: AddonLoad | undefined;

/** Loads the addon once per process. */
export function loadAddon(): AddonLoad {
  if (cached) return cached;
  const path = addonPath();
  if (path === '') {
    cached = { reason: 'native engine not built (npm install builds it; needs g++ and make)' };
    return cached;
  }
  try {
    cached = { addon: createRequire(import.meta.url)(path) as NativeAddon };
  } catch (e) {
    cached = { reason: `native engine failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  return cached;
}
