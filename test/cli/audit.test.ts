/**
 * `mima audit show|verify`: the auditor reads and replays the chain; an edited, deleted or
 * reordered record is named by sequence number (exit 1); other roles are refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { makeDevice, type DeviceFixture } from './device-fixture.js';

let dev: DeviceFixture;
before(() => {
  dev = makeDevice('dev');
  // Some history: key generation, a failed and a good login.
  dev.run(['key', 'gen', '--data', dev.data, '--index', '1', '--type', 'sm2']);
  dev.run(['key', 'list', '--data', dev.data]);
  dev.run(['audit', 'show', '--data', dev.data], { env: { MIMA_AUDITOR_PASSWORD: 'wrong-password' } });
});
after(() => dev.cleanup());

const verify = () => dev.run(['audit', 'verify', '--data', dev.data]);

function withDb(fn: (db: Database.Database) => void): void {
  const db = new Database(join(dev.data, 'mima.db'));
  try {
    fn(db);
  } finally {
    db.close();
  }
}

describe('mima audit', () => {
  test('show lists the records, including the denied login, without secrets', () => {
    const r = dev.run(['audit', 'show', '--data', dev.data]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.out, /key\.generate index 1 ok/);
    assert.match(r.out, /auth\.login denied/);
    assert.doesNotMatch(r.out, /password-1/);
    const json = dev.run(['audit', 'show', '--data', dev.data, '--json', '--limit', '2']);
    assert.equal(json.out.trim().split('\n').length, 2);
    assert.equal(JSON.parse(json.out.split('\n')[0]!).seq, 1);
  });

  test('verify: OK with the record count on an intact chain', () => {
    const r = verify();
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.out, /^OK \d+ records$/m);
  });

  test('the operator and the security officer may not read the audit log', () => {
    for (const user of ['operator', 'so']) {
      const r = dev.run(['audit', 'verify', '--data', dev.data, '--user', user, '--password-env', user === 'so' ? 'MIMA_SO_PASSWORD' : 'MIMA_OPERATOR_PASSWORD']);
      assert.equal(r.status, 2, r.out);
      assert.match(r.stderr, /not an auditor/);
    }
  });
});

describe('tampering is named', () => {
  // Each case works on a copy of the history: restore after.
  let saved: unknown[] = [];
  let savedHead: unknown[] = [];
  before(() => withDb((db) => {
    saved = db.prepare('SELECT * FROM audit ORDER BY seq').all();
    savedHead = db.prepare('SELECT * FROM audit_head').all();
  }));
  const restore = (): void => withDb((db) => {
    db.prepare('DELETE FROM audit').run();
    db.prepare('DELETE FROM audit_head').run();
    for (const h of savedHead) {
      const row = h as Record<string, unknown>;
      db.prepare(`INSERT INTO audit_head (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((k) => `@${k}`).join(', ')})`).run(row);
    }
    const ins = db.prepare('INSERT INTO audit (seq, at, actor, role, action, target, outcome, detail, prev_hash, mac) VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @detail, @prev_hash, @mac)');
    for (const r of saved) ins.run(r as Record<string, unknown>);
  });

  test('an edited record: FAIL naming it (exit 1)', () => {
    withDb((db) => db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 3").run());
    const r = verify();
    restore();
    assert.equal(r.status, 1);
    assert.match(r.out, /^FAIL record 3: MAC does not match/m);
  });

  test('a deleted record: FAIL naming the gap', () => {
    withDb((db) => db.prepare('DELETE FROM audit WHERE seq = 4').run());
    const r = verify();
    restore();
    assert.equal(r.status, 1);
    assert.match(r.out, /^FAIL record 5: sequence jumps from 3 to 5/m);
  });

  test('two records swapped: FAIL naming the first out of order', () => {
    withDb((db) => {
      const rows = db.prepare('SELECT * FROM audit WHERE seq IN (2, 3) ORDER BY seq').all() as Record<string, unknown>[];
      db.prepare('DELETE FROM audit WHERE seq IN (2, 3)').run();
      const ins = db.prepare('INSERT INTO audit (seq, at, actor, role, action, target, outcome, detail, prev_hash, mac) VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @detail, @prev_hash, @mac)');
      ins.run({ ...rows[1], seq: 2 });
      ins.run({ ...rows[0], seq: 3 });
    });
    const r = verify();
    restore();
    assert.equal(r.status, 1);
    assert.match(r.out, /^FAIL record 2:/m);
  });

  test('the newest record deleted: the gap stays visible even after later appends (the next record continues from the MACed head)', () => {
    const newest = (saved.at(-1) as { seq: number }).seq;
    withDb((db) => db.prepare('DELETE FROM audit WHERE seq = ?').run(newest));
    const r = verify(); // its own login is appended first
    restore();
    assert.equal(r.status, 1);
    assert.match(r.out, new RegExp(`^FAIL record ${newest + 1}: sequence jumps from ${newest - 1} to ${newest + 1}: record ${newest} was deleted`, 'm'));
  });
});
