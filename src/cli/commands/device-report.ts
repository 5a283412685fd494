/** What `mima device` prints: status lines, generated passwords. */
import { osRandom } from '../../algorithms/internal/random.js';
import type { DeviceStatus } from '../../device/index.js';
import { say } from '../io.js';

/** The RFC 4648 base32 alphabet in lower case (no 0, 1, 8 or 9 to confuse with letters). */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A fresh 100-bit password, five groups of four characters ("k7m2-p9xq-..."), for a role account. */
export function generatedPassword(): string {
  const r = osRandom(20);
  const chars = Array.from(r, (b) => ALPHABET[b & 31]!);
  r.fill(0);
  return [0, 4, 8, 12, 16].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** `mima device status`: one fact a line, or the DeviceStatus as JSON. */
export function printStatus(s: DeviceStatus, json: boolean): void {
  if (json) {
    say(JSON.stringify(s, null, 2));
    return;
  }
  say(`state: ${s.state}${s.reason ? ` (${s.reason})` : ''}`);
  if (s.serial) say(`serial: ${s.serial}`);
  if (s.sealKind === 'shares') say(`seal: administrator shares, any ${s.threshold} of ${s.shareCount}`);
  if (s.sealKind === 'dev') say('seal: DEV SEAL (development only; unlocks itself at every open)');
  if (s.config) say(`key indexes: 1..${s.config.maxKeyIndex}; lockout after ${s.config.lockoutThreshold} failures for ${s.config.lockoutSeconds} s`);
  say(`key pairs: ${s.keyPairs}; KEKs: ${s.keks}`);
  say(`engine: ${s.engine}`);
  if (s.selfTest) {
    const failed = s.selfTest.results.filter((r) => !r.passed).map((r) => r.name);
    say(`self-test: ${s.selfTest.passed ? 'passed' : `FAILED (${failed.join(', ')})`}, ${s.selfTest.results.length} tests at ${s.selfTest.at}`);
  }
}
