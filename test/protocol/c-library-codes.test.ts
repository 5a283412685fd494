/**
 * The C library (native/sdf/sdf.c) numbers its requests with the function codes of
 * src/protocol/functions.ts, and include/sdf.h declares every function of the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FUNCTIONS } from '../../src/protocol/functions.js';

const source = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

/** The `F_Name = 0x...` enum of sdf.c, with C's implicit increments. */
function cCodes(): Map<string, number> {
  const body = /enum \{([^}]*)\}/.exec(source('native/sdf/sdf.c'))![1]!;
  const codes = new Map<string, number>();
  let next = 0;
  for (const item of body.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = item.split('=').map((s) => s.trim());
    const code = value === undefined ? next : Number(value);
    codes.set(name!.replace(/^F_/, ''), code);
    next = code + 1;
  }
  return codes;
}

// The GM/T 0029 (SVS) functions are not GM/T 0018: the C SDF library does not carry them.
const SDF_FUNCTIONS = FUNCTIONS.filter((f) => f.edition !== 'svs');

test('every SDF function of the protocol table has the same code in the C library', () => {
  const c = cCodes();
  for (const f of SDF_FUNCTIONS) {
    const short = f.name.replace(/^(SDF|MIMA)_/, '');
    assert.equal(c.get(short), f.code, `${f.name}: C ${c.get(short)?.toString(16)} vs table ${f.code.toString(16)}`);
  }
  assert.equal(c.size, SDF_FUNCTIONS.length, 'no C codes beyond the table');
});

test('include/sdf.h declares every SDF function of the protocol table', () => {
  const header = source('include/sdf.h');
  for (const f of SDF_FUNCTIONS) assert.match(header, new RegExp(`\\bint ${f.name}\\(`), f.name);
});
