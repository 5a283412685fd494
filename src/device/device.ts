/**
 * The crypto device: the software counterpart of a PCI-E crypto card. It owns the store, the
 * master key (in memory only while unlocked), the role accounts, the internal keys and the
 * sessions; everything above it (the SDF facade, the server, the CLI) holds a `Device` and
 * key indexes or handles, never raw private keys.
 *
 * Life cycle (GM/T 0028): init (security officer chooses M-of-N shares, or a dev seal) →
 * locked → unlock with M shares → operational; a failed self-test → error (every call refused,
 * visible in status) until power-up self-tests pass again; zeroize → every key, share and
 * password unrecoverable at once.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { wipe } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import type { RandomSource } from '../algorithms/internal/random.js';
import { createHashDrbg, drbgRandomSource, type Drbg } from '../algorithms/random/index.js';
import { engine as defaultEngine, type Engine } from '../engine/index.js';
import type { AccountRecord, DeviceConfig, DeviceRecord, Role, Store } from '../store/index.js';
import { AuditLog, type AuditEvent } from './audit.js';
import { deny } from './errors.js';
import { MasterKey } from './master-key.js';
import { checkPassword, makeVerifier } from './passwords.js';
import { combineShares, splitSecret } from './seal/shamir.js';
import { openDevSeal, sealDev } from './seal/dev-seal.js';
import { KeyStore } from './keystore.js';
import { Session } from './session.js';
import { runPowerUpSelfTests, type SelfTestSuite } from './selftest.js';
import { DEFAULT_CONFIG, type DeviceStatus, type Principal, type SelfTestSummary } from './types.js';

export interface AccountSpec {
  name: string;
  role: Role;
  password: Uint8Array;
}

export interface InitOptions {
  /** M-of-N administrator shares, or the dev seal (embedded default; warns at every open). */
  seal: { kind: 'shares'; threshold: number; count: number } | { kind: 'dev'; passphrase: Uint8Array };
  /** At least one account per role. */
  accounts: readonly AccountSpec[];
  config?: Partial<DeviceConfig>;
}

export interface OpenOptions {
  engine?: Engine;
  /** Power-up self-test suite; default: the full GM/T 0028 set (selftest.ts). */
  selfTests?: SelfTestSuite;
  /** Passphrase of a dev-sealed device (unlocks it at open). */
  devSealPassphrase?: Uint8Array;
  /** Period of audit summaries of private-key use, ms. */
  auditSummaryMs?: number;
}

const ROLES: readonly Role[] = ['security-officer', 'operator', 'auditor'];

function serialNumber(): string {
  // GM/T 0018 DEVICEINFO.DeviceSerial: 8-char date + 3-char batch + 5-char serial (16 chars).
  const d = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return `${d}MIM${randomUUID().replace(/-/g, '').slice(0, 5).toUpperCase()}`;
}

export class Device {
  readonly store: Store;
  readonly engine: Engine;
  readonly #rand: RandomSource;
  readonly #drbg: Drbg;
  readonly #selfTests: SelfTestSuite;
  readonly #auditSummaryMs: number;
  #record: DeviceRecord | undefined;
  #mk: MasterKey | undefined;
  #audit: AuditLog | undefined;
  #keys: KeyStore | undefined;
  #lastSelfTest: SelfTestSummary | null = null;
  readonly #sessions = new Map<number, Session>();
  #nextSession = 1;

  private constructor(store: Store, opts: OpenOptions) {
    this.store = store;
    this.engine = opts.engine ?? defaultEngine();
    this.#drbg = createHashDrbg();
    this.#rand = drbgRandomSource(this.#drbg);
    this.#selfTests = opts.selfTests ?? runPowerUpSelfTests;
    this.#auditSummaryMs = opts.auditSummaryMs ?? 1000;
  }

  /**
   * Opens the device in `store`: runs the power-up self-tests, and unlocks a dev-sealed device.
   * A device that failed them is left (and recorded) in the error state.
   */
  static async open(store: Store, opts: OpenOptions = {}): Promise<Device> {
    const d = new Device(store, opts);
    d.#record = await store.getDevice();
    await d.#powerUp();
    if (d.#record?.state === 'locked' && d.#record.sealKind === 'dev' && opts.devSealPassphrase) {
      await d.unlockWithDevSeal(opts.devSealPassphrase);
    }
    return d;
  }

  /** The device's random source (GM/T 0105 SM3 Hash_DRBG seeded from the OS). */
  get random(): RandomSource {
    return this.#rand;
  }

  // --- life cycle --------------------------------------------------------------------------

  /**
   * Initialises a new (or zeroized, or failed) device: a fresh master key, accounts, and either
   * shares (returned: the caller hands one to each administrator) or a dev seal. The device
   * is left unlocked.
   */
  async init(opts: InitOptions): Promise<{ shares: Uint8Array[] }> {
    if (this.#record && this.#record.state !== 'zeroized' && this.#record.state !== 'error') {
      throw new CryptoError('SDR_NOTSUPPORT', 'device: already initialised (zeroize it first)');
    }
    for (const role of ROLES) {
      if (!opts.accounts.some((a) => a.role === role)) throw new CryptoError('SDR_INARGERR', `device.init: no ${role} account given`);
    }
    const config: DeviceConfig = { ...DEFAULT_CONFIG, ...opts.config };
    this.#lockInMemory();
    const mk = MasterKey.generate(this.#rand);
    let shares: Uint8Array[] = [];
    let devSeal: Uint8Array | null = null;
    const secret = mk.exportForSealing();
    try {
      if (opts.seal.kind === 'shares') shares = splitSecret(secret, opts.seal.threshold, opts.seal.count, this.#rand);
      else devSeal = sealDev(secret, opts.seal.passphrase, this.#rand);
    } finally {
      wipe(secret);
    }
    const record: DeviceRecord = {
      serial: serialNumber(),
      createdAt: new Date().toISOString(),
      state: 'locked',
      stateReason: null,
      sealKind: opts.seal.kind,
      threshold: opts.seal.kind === 'shares' ? opts.seal.threshold : 1,
      shareCount: opts.seal.kind === 'shares' ? opts.seal.count : 1,
      mkCheck: mk.checkValue(),
      devSeal,
      config,
    };
    await this.store.transaction(async (tx) => {
      await tx.eraseSecrets();
      await tx.putDevice(record);
      for (const a of opts.accounts) {
        await tx.putAccount({ name: a.name, role: a.role, ...makeVerifier(a.password, config.passwordIterations, this.#rand) });
      }
    });
    this.#record = record;
    this.#becomeOperational(mk);
    await this.audit({ actor: 'init', role: 'security-officer', action: 'device.init', outcome: 'ok', detail: { seal: opts.seal.kind, threshold: record.threshold, shares: record.shareCount, accounts: opts.accounts.map((a) => `${a.name}:${a.role}`) } });
    return { shares };
  }

  /** Unlocks with M (or more) administrator shares. */
  async unlock(shares: readonly Uint8Array[]): Promise<void> {
    const rec = this.#requireInitialised();
    if (this.#mk) return;
    if (rec.sealKind !== 'shares') throw new CryptoError('SDR_NOTSUPPORT', 'device: dev-sealed; unlock with the dev seal passphrase');
    if (shares.length < rec.threshold) {
      throw new CryptoError('SDR_INARGERR', `device.unlock: ${rec.threshold} shares needed, ${shares.length} given`);
    }
    const secret = combineShares(shares);
    this.#unlockWith(secret, 'shares');
  }

  async unlockWithDevSeal(passphrase: Uint8Array): Promise<void> {
    const rec = this.#requireInitialised();
    if (this.#mk) return;
    if (rec.sealKind !== 'dev' || !rec.devSeal) throw new CryptoError('SDR_NOTSUPPORT', 'device: not dev-sealed; unlock with shares');
    this.#unlockWith(openDevSeal(rec.devSeal, passphrase), 'dev seal');
  }

  #unlockWith(secret: Uint8Array, how: string): void {
    const rec = this.#record!;
    let mk: MasterKey;
    try {
      mk = MasterKey.fromBytes(secret);
    } catch (e) {
      wipe(secret);
      throw e;
    }
    if (!mk.matches(rec.mkCheck)) {
      mk.destroy();
      throw new CryptoError('SDR_MIMA_AUTH', `device.unlock: the ${how} do not reconstruct this device's master key`);
    }
    this.#becomeOperational(mk);
    void this.audit({ actor: how, role: null, action: 'device.unlock', outcome: 'ok' });
  }

  #becomeOperational(mk: MasterKey): void {
    this.#mk = mk;
    const auditKey = mk.auditKey();
    this.#audit = new AuditLog(this.store, auditKey, { summaryMs: this.#auditSummaryMs });
    this.#keys = new KeyStore(this, mk.wrapKey());
  }

  /** Forgets the master key and every unwrapped key; sessions close. */
  async lock(): Promise<void> {
    await this.#audit?.flush();
    this.#lockInMemory();
  }

  #lockInMemory(): void {
    for (const s of this.#sessions.values()) s.close();
    this.#sessions.clear();
    this.#keys?.destroy();
    this.#keys = undefined;
    this.#audit = undefined;
    this.#mk?.destroy();
    this.#mk = undefined;
  }

  /** Closes the device: flushes the audit log, wipes keys, closes the store. */
  async close(): Promise<void> {
    await this.lock();
    this.#drbg.destroy();
    await this.store.close();
  }

  /** Security officer: all keys, shares and passwords become unrecoverable at once. */
  /**
   * Security officer: every key, share, access password, file and account becomes unrecoverable
   * at once (rows deleted with secure_delete, the database files purged). Allowed while the
   * device is locked or in the error state too — destroying keys needs no key — so an officer can
   * zeroize a device whose shares are lost.
   */
  async zeroize(p: Principal): Promise<void> {
    const rec = this.#record;
    if (!rec || rec.state === 'zeroized') throw deny.notInitialised();
    if (p.role !== 'security-officer') throw deny.role(['security-officer'], p.role);
    await this.audit({ actor: p.name, role: p.role, action: 'device.zeroize', outcome: 'ok' });
    await this.#audit?.flush();
    await this.store.transaction(async (tx) => {
      await tx.eraseSecrets();
      await tx.setDeviceState('zeroized', `zeroized by ${p.name} at ${new Date().toISOString()}`);
    });
    this.#lockInMemory();
    await this.store.purgeSecrets();
    this.#record = await this.store.getDevice();
  }

  // --- self-tests and the error state --------------------------------------------------------

  async #powerUp(): Promise<void> {
    const summary = await this.runSelfTests();
    if (!summary.passed) return;
    if (this.#record?.state === 'error') {
      // A restart whose power-up self-tests pass re-initialises the module (GM/T 0028).
      await this.store.setDeviceState('locked', null);
      this.#record = await this.store.getDevice();
    }
  }

  /** Runs the self-test suite; any failure puts the device into the error state. */
  async runSelfTests(): Promise<SelfTestSummary> {
    const results = await this.#selfTests(this);
    const summary: SelfTestSummary = { at: new Date().toISOString(), passed: results.every((r) => r.passed), results };
    this.#lastSelfTest = summary;
    if (!summary.passed) await this.enterErrorState(`self-test failed: ${results.filter((r) => !r.passed).map((r) => r.name).join(', ')}`);
    return summary;
  }

  /** Enters the error state (persisted when initialised): every call is refused. */
  async enterErrorState(reason: string): Promise<void> {
    this.#lockInMemory();
    if (this.#record && this.#record.state !== 'zeroized') {
      await this.store.setDeviceState('error', reason);
      this.#record = await this.store.getDevice();
    } else {
      this.#transientError = reason;
    }
  }

  #transientError: string | undefined;

  /** Conditional self-test failure (e.g. a pairwise-consistency test): error state, then throw. */
  async failConditionalTest(name: string): Promise<never> {
    await this.enterErrorState(`conditional self-test failed: ${name}`);
    throw deny.selfTest(name);
  }

  // --- guards ------------------------------------------------------------------------------

  #requireInitialised(): DeviceRecord {
    if (this.#transientError) throw deny.selfTest(this.#transientError);
    const rec = this.#record;
    if (!rec) throw deny.notInitialised();
    if (rec.state === 'zeroized') throw deny.zeroized();
    if (rec.state === 'error') throw deny.selfTest(rec.stateReason ?? 'unknown');
    return rec;
  }

  /** The device must be initialised, healthy and unlocked. */
  requireOperational(): { record: DeviceRecord; keys: KeyStore } {
    const record = this.#requireInitialised();
    if (!this.#mk || !this.#keys) throw deny.locked();
    return { record, keys: this.#keys };
  }

  requireRole(p: Principal, roles: readonly Role[]): void {
    this.requireOperational();
    if (!roles.includes(p.role)) throw deny.role(roles, p.role);
  }

  get config(): DeviceConfig {
    return this.#record?.config ?? DEFAULT_CONFIG;
  }

  get record(): DeviceRecord | undefined {
    return this.#record;
  }

  // --- accounts --------------------------------------------------------------------------

  /** Authenticates an account; failures count towards a lockout. Audited either way. */
  async login(name: string, password: Uint8Array): Promise<Principal> {
    const rec = this.#requireInitialised();
    const acct = await this.store.getAccount(name);
    const now = Date.now();
    if (acct && acct.lockedUntil > now) {
      await this.audit({ actor: name, role: acct.role, action: 'auth.login', outcome: 'denied', detail: { reason: 'locked out' } }).catch(() => {});
      throw deny.lockout(`account ${name}`, Math.ceil((acct.lockedUntil - now) / 1000));
    }
    // Check a password even for an unknown account, so timing does not reveal which exist.
    const ok = checkPassword(acct ?? DUMMY_VERIFIER, password) && acct !== undefined;
    if (!ok) {
      if (acct) await this.#countFailure(acct, rec.config);
      await this.audit({ actor: name, role: acct?.role ?? null, action: 'auth.login', outcome: 'denied' }).catch(() => {});
      throw deny.auth();
    }
    if (acct.failures > 0) await this.store.setAccountFailures(name, 0, 0);
    await this.audit({ actor: name, role: acct.role, action: 'auth.login', outcome: 'ok' }).catch(() => {});
    return Object.freeze({ name: acct.name, role: acct.role });
  }

  async #countFailure(acct: AccountRecord, config: DeviceConfig): Promise<void> {
    const failures = acct.failures + 1;
    const lockedUntil = failures >= config.lockoutThreshold ? Date.now() + config.lockoutSeconds * 1000 : 0;
    await this.store.setAccountFailures(acct.name, lockedUntil ? 0 : failures, lockedUntil);
  }

  /** Security officer: adds or replaces an account. */
  async putAccount(p: Principal, spec: AccountSpec): Promise<void> {
    this.requireRole(p, ['security-officer']);
    await this.store.putAccount({ name: spec.name, role: spec.role, ...makeVerifier(spec.password, this.config.passwordIterations, this.#rand) });
    await this.audit({ actor: p.name, role: p.role, action: 'account.put', target: spec.name, outcome: 'ok', detail: { role: spec.role } });
  }

  // --- keys ------------------------------------------------------------------------------

  /** Key management (generate, import, destroy, access passwords, KEKs, named keys). */
  get keys(): KeyStore {
    return this.requireOperational().keys;
  }

  // --- sessions ----------------------------------------------------------------------------

  /** Opens an SDF session for an operator (application). */
  openSession(p: Principal): Session {
    this.requireRole(p, ['operator']);
    const s = new Session(this, this.#nextSession++, p);
    this.#sessions.set(s.id, s);
    return s;
  }

  closeSession(s: Session): void {
    s.close();
    this.#sessions.delete(s.id);
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  // --- audit -------------------------------------------------------------------------------

  /** Appends to the audit chain (no-op while locked: there is no audit key). */
  async audit(event: AuditEvent): Promise<void> {
    await this.#audit?.append(event);
  }

  /** Counts a private-key use into the audit chain (summarised at high rates). */
  auditKeyUse(p: Principal, action: string, target: string, count = 1): void {
    this.#audit?.keyUse(p.name, p.role, action, target, count);
  }

  /** The audit log, for the auditor (show, verify). */
  auditLog(p: Principal): AuditLog {
    this.requireRole(p, ['auditor']);
    return this.#audit!;
  }

  // --- status ------------------------------------------------------------------------------

  async status(): Promise<DeviceStatus> {
    const rec = this.#record;
    const [pairs, keks] = rec ? [await this.store.listKeyPairs(), await this.store.listKeks()] : [[], []];
    let state: DeviceStatus['state'] = rec ? rec.state : 'uninitialized';
    if (state === 'locked' && this.#mk) state = 'operational';
    if (this.#transientError) state = 'error';
    return {
      state,
      reason: this.#transientError ?? rec?.stateReason ?? null,
      serial: rec?.serial ?? null,
      sealKind: rec?.sealKind ?? null,
      threshold: rec?.threshold ?? null,
      shareCount: rec?.shareCount ?? null,
      config: rec?.config ?? null,
      keyPairs: pairs.length,
      keks: keks.length,
      engine: this.engine.sm.name,
      selfTest: this.#lastSelfTest,
    };
  }
}

/** A verifier no password matches, checked for unknown accounts (equal work). */
const DUMMY_VERIFIER = { salt: new Uint8Array(16), iterations: DEFAULT_CONFIG.passwordIterations, hash: new Uint8Array(32), failures: 0, lockedUntil: 0 };

