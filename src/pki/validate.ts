/**
 * Certification path validation (RFC 5280 §6, the parts SM2 PKIs use): build the chain from the
 * end-entity certificate through the given intermediates to a trust anchor by issuer name and key
 * identifier, then check every signature (sm2sign-with-sm3), validity period, basic constraints
 * (issuers are CAs, path length) and key usage (issuers may sign certificates). The first failure
 * is the reason, naming the certificate. With CRLs given, each certificate whose issuer has a CRL
 * among them is checked against it (the CRL's signature and freshness too); an issuer without a
 * CRL is not an error (pass `requireCrl` for that).
 *
 * @module
 */
import { verifyCertificateSignature, type ParsedCertificate } from './certificate.js';
import { verifyCrlSignature, type ParsedCrl } from './crl.js';

export interface PathResult {
  ok: boolean;
  /** Why the path was refused (absent when ok). */
  reason?: string;
  /** Subjects from the end entity to the trust anchor. */
  chain: string[];
}

const MAX_DEPTH = 10;

function issuerOf(cert: ParsedCertificate, pool: readonly ParsedCertificate[]): ParsedCertificate | undefined {
  const byName = pool.filter((c) => c.subject === cert.issuer);
  return byName.find((c) => cert.authorityKeyId !== undefined && c.subjectKeyId === cert.authorityKeyId) ?? byName[0];
}

export function validatePath(leaf: ParsedCertificate, intermediates: readonly ParsedCertificate[], trusted: readonly ParsedCertificate[],
  now = new Date(), opts: { crls?: readonly ParsedCrl[]; requireCrl?: boolean } = {}): PathResult {
  const chain: ParsedCertificate[] = [leaf];
  const names = (): string[] => chain.map((c) => c.subject);
  const fail = (reason: string): PathResult => ({ ok: false, reason, chain: names() });
  for (let cur = leaf; ;) {
    if (chain.length > MAX_DEPTH) return fail(`the chain is longer than ${MAX_DEPTH} certificates`);
    if (now < cur.notBefore) return fail(`"${cur.subject}" is not valid before ${cur.notBefore.toISOString()}`);
    if (now > cur.notAfter) return fail(`"${cur.subject}" expired at ${cur.notAfter.toISOString()}`);
    const anchor = trusted.find((t) => t.der.length === cur.der.length && t.der.every((b, i) => b === cur.der[i]));
    if (anchor) {
      if (!anchor.publicKey || !verifyCertificateSignature(anchor, anchor.publicKey)) {
        // A trust anchor need not be self-signed, but a self-issued one must verify.
        if (anchor.issuer === anchor.subject) return fail(`trust anchor "${anchor.subject}" does not verify its own signature`);
      }
      return { ok: true, chain: names() };
    }
    const issuer = issuerOf(cur, trusted) ?? issuerOf(cur, intermediates);
    if (!issuer) return fail(`no issuer found for "${cur.subject}" (issuer "${cur.issuer}" is neither trusted nor given)`);
    if (!issuer.publicKey) return fail(`issuer "${issuer.subject}" has no SM2 public key`);
    if (!verifyCertificateSignature(cur, issuer.publicKey)) return fail(`the signature on "${cur.subject}" does not verify with the key of "${issuer.subject}"`);
    if (!issuer.isCa) return fail(`issuer "${issuer.subject}" is not a CA (basicConstraints)`);
    if (issuer.keyUsage && !issuer.keyUsage.includes('keyCertSign')) return fail(`issuer "${issuer.subject}" may not sign certificates (keyUsage)`);
    const crl = opts.crls?.find((c) => c.issuer === issuer.subject && verifyCrlSignature(c, issuer.publicKey!));
    if (opts.crls && !crl) {
      const forged = opts.crls.some((c) => c.issuer === issuer.subject);
      if (forged) return fail(`the CRL of "${issuer.subject}" does not verify with its key`);
      if (opts.requireCrl) return fail(`no CRL of "${issuer.subject}" was given`);
    }
    if (crl) {
      if (crl.nextUpdate && now > crl.nextUpdate) return fail(`the CRL of "${issuer.subject}" is out of date (next update ${crl.nextUpdate.toISOString()})`);
      const entry = crl.revoked.find((r) => r.serial === cur.serial);
      if (entry) return fail(`"${cur.subject}" was revoked at ${entry.at.toISOString()} (reason ${entry.reason})`);
    }
    const below = chain.length - 1; // CA certificates below this issuer, the leaf excluded
    if (issuer.pathLength !== undefined && below > issuer.pathLength) {
      return fail(`"${issuer.subject}" allows ${issuer.pathLength} CA certificate(s) below it, the chain has ${below}`);
    }
    chain.push(issuer);
    cur = issuer;
  }
}
