/**
 * `mima ca ...` and `mima cert ...`: SM2 certificates with keys that stay in the crypto device.
 *
 *   mima ca init  --data DIR --index N --subject "CN=..." --days D --out ca.pem [--path-length N]
 *   mima ca issue --data DIR --ca ca.pem --index N --csr req.pem --days D [--usage sign|enc|tls-server|tls-client] --out cert.pem
 *   mima cert csr --data DIR --index N --subject "CN=..." --out req.pem
 *   mima cert show cert.pem
 *   mima cert verify --trust ca.pem cert.pem [chain.pem ...]
 *
 *   mima ca revoke --data DIR --ca ca.pem --cert cert.pem [--reason N]       (security officer)
 *   mima ca crl --data DIR --ca ca.pem --index N [--days D] --out crl.pem
 *   mima cert verify --trust ca.pem [--crl crl.pem] cert.pem [chain.pem ...]
 *   mima cms sign --data DIR --index N --cert cert.pem [--detached] [--oids gm|pkcs7] --in FILE --out sig.p7
 *   mima cms verify --trust ca.pem --in sig.p7 [--content FILE] [--crl crl.pem]
 *   mima cms encrypt --cert cert.pem [--cert ...] --in FILE --out env.p7
 *   mima cms decrypt --data DIR --index N [--cert cert.pem] --in env.p7 [--out FILE]
 *
 * Device commands sign with the internal signing key at --index as the operator (access password
 * from MIMA_ACCESS_PASSWORD or --access-password-env); `ca issue` records what it issued in the
 * device's store, which `ca revoke` and `ca crl` use.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Device } from '../../device/index.js';
import { toHex } from '../../algorithms/internal/bytes.js';
import { isCryptoError } from '../../algorithms/internal/errors.js';
import {
  certificateToPem, createCrl, createCsr, crlToPem, csrToPem, decryptCms, encryptCms, issueCertificate, parseCertificate, parseCrl, parseCsr, signCms, validatePath, verifyCms,
  type CertificateUsage, type ParsedCertificate, type Sm2Signer,
} from '../../pki/index.js';
import { choiceOption, intOption } from '../args.js';
import { CliError, EXIT_CHECK_FAILED } from '../errors.js';
import { readInput, readText, say, writeOutput } from '../io.js';
import { addDataOption, addLoginOptions, addShareOptions, collect, loginAs, unlockForKeys, withDevice, type LoginFlags, type ShareFlags } from '../device-access.js';
import { keyUseOptions, withKeySession, type KeyUseFlags } from './device.js';

const USAGES = ['sign', 'enc', 'tls-server', 'tls-client', 'tsa'] as const;


/** A positive 16-byte serial (RFC 5280: at most 20 octets, unpredictable). */
function newSerial(): Uint8Array {
  const s = new Uint8Array(randomBytes(16));
  s[0] = (s[0]! & 0x7f) | 0x10;
  return s;
}

function validity(days: string): { notBefore: Date; notAfter: Date } {
  const d = intOption('--days', days, 1, 36500);
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + d * 86_400_000) };
}

/** Runs `fn` with a signer of the device key at --index (operator session with the access right). */
async function withDeviceSigner<T>(flags: KeyUseFlags, fn: (signer: Sm2Signer, publicKey: Uint8Array, device: Device) => Promise<T>): Promise<T> {
  return withKeySession(flags, async (device, session, index) => {
    const pair = await device.keys.keyPair(index, 'sign');
    if (pair.algorithm !== 'sm2') throw new CliError(`the signing key at index ${index} is ${pair.algorithm}, not SM2`);
    const { sm2, sm3 } = device.engine.sm;
    const z = sm2.computeZ(pair.publicKey);
    const signer: Sm2Signer = async (data) => (await session.internalSignDigests(index, [sm3.digest(new Uint8Array([...z, ...data]))]))[0]!;
    return fn(signer, pair.publicKey, device);
  });
}

function describe(c: ParsedCertificate): string[] {
  return [
    `subject: ${c.subject}`,
    `issuer: ${c.issuer}`,
    `serial: ${c.serial}`,
    `valid: ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}`,
    `public key: ${c.publicKey ? `SM2 ${toHex(c.publicKey)}` : c.publicKeyAlgorithm}`,
    `signature: ${c.signatureAlgorithm === '1.2.156.10197.1.501' ? 'sm2sign-with-sm3' : c.signatureAlgorithm}`,
    `CA: ${c.isCa ? `yes${c.pathLength !== undefined ? `, path length ${c.pathLength}` : ''}` : 'no'}`,
    `key usage: ${c.keyUsage?.join(', ') ?? '(none)'}`,
    ...(c.subjectKeyId ? [`subject key id: ${c.subjectKeyId}`] : []),
    ...(c.authorityKeyId ? [`authority key id: ${c.authorityKeyId}`] : []),
  ];
}

export function registerPki(program: Command): void {
  const ca = program.command('ca').description('a certification authority whose SM2 key stays in the crypto device');
  keyUseOptions(ca.command('init'))
    .description('self-signed CA certificate for the device key at --index')
    .requiredOption('--subject <dn>', 'e.g. "CN=Example Root CA, O=Example, C=CN"')
    .requiredOption('--days <n>', 'validity in days')
    .option('--path-length <n>', 'CA certificates allowed below this one')
    .requiredOption('--out <file>', 'the CA certificate (PEM)')
    .action(async (f: KeyUseFlags & { subject: string; days: string; pathLength?: string; out: string }) => {
      const pathLength = f.pathLength === undefined ? undefined : intOption('--path-length', f.pathLength, 0, 16);
      const der = await withDeviceSigner(f, (signer, publicKey) => issueCertificate({
        serial: newSerial(), issuer: f.subject, subject: f.subject, ...validity(f.days), publicKey, issuerPublicKey: publicKey, usage: 'ca', pathLength,
      }, signer));
      writeOutput(f.out, certificateToPem(der));
      say(`CA certificate "${parseCertificate(der).subject}" written to ${f.out}`);
    });
  keyUseOptions(ca.command('issue'))
    .description('issue a certificate for a PKCS#10 request, or (--enc-key-index) the encryption certificate of a device key pair, signed by the CA key at --index')
    .requiredOption('--ca <file>', 'the CA certificate (its key must be the one at --index)')
    .option('--csr <file>', 'the request (PEM)')
    .option('--enc-key-index <n>', 'TLCP double certificates: certify the encryption public key at this device index (with --subject; usage enc)')
    .option('--subject <dn>', 'subject of the encryption certificate (with --enc-key-index)')
    .requiredOption('--days <n>', 'validity in days')
    .option('--usage <usage>', `${USAGES.join('|')}`, 'sign')
    .requiredOption('--out <file>', 'the certificate (PEM)')
    .action(async (f: KeyUseFlags & { ca: string; csr?: string; encKeyIndex?: string; subject?: string; days: string; usage: string; out: string }) => {
      if ((f.csr === undefined) === (f.encKeyIndex === undefined)) throw new CliError('ca issue: give either --csr FILE or --enc-key-index N with --subject');
      const encIndex = f.encKeyIndex === undefined ? undefined : intOption('--enc-key-index', f.encKeyIndex, 1, 0xffffffff);
      if (encIndex !== undefined && !f.subject) throw new CliError('ca issue: --enc-key-index needs --subject (the subject of the matching signing certificate)');
      const usage = encIndex !== undefined ? 'enc' : (choiceOption('--usage', f.usage, USAGES) as CertificateUsage);
      const caCert = parseCertificate(readText(f.ca));
      if (!caCert.isCa) throw new CliError(`${f.ca}: not a CA certificate`);
      const req = f.csr !== undefined ? parseCsr(readText(f.csr)) : undefined;
      const subject = req?.subject ?? f.subject!;
      const der = await withDeviceSigner(f, async (signer, publicKey, device) => {
        if (!caCert.publicKey || toHex(caCert.publicKey) !== toHex(publicKey)) throw new CliError(`${f.ca}: its public key is not the key at index ${f.index}`);
        // The encryption key never signs (so it makes no request): the CA certifies the stored public key.
        const subjectKey = req?.publicKey ?? (await device.keys.keyPair(encIndex!, 'enc')).publicKey;
        const v = validity(f.days);
        const issued = await issueCertificate({ serial: newSerial(), issuer: caCert.subject, subject, ...v, publicKey: subjectKey, issuerPublicKey: publicKey, usage }, signer);
        // The CA's record of what it issued: what `mima ca revoke` and its CRLs refer to.
        await device.store.insertCaCertificate({ caKeyId: caCert.subjectKeyId!, serial: parseCertificate(issued).serial, subject, issuedAt: new Date().toISOString(), notAfter: v.notAfter.toISOString(), revokedAt: null, reason: null });
        return issued;
      });
      writeOutput(f.out, certificateToPem(der));
      say(`certificate for "${subject}" (${usage}) written to ${f.out}`);
    });

  addLoginOptions(addShareOptions(addDataOption(ca.command('revoke'))), 'security-officer')
    .description('revoke a certificate this CA issued (security officer); the next CRL lists it')
    .requiredOption('--ca <file>', 'the CA certificate')
    .requiredOption('--cert <file>', 'the certificate to revoke')
    .option('--reason <n>', 'RFC 5280 CRLReason (0 unspecified, 1 keyCompromise, 4 superseded, 5 cessationOfOperation)', '0')
    .action(async (f: ShareFlags & LoginFlags & { ca: string; cert: string; reason: string }) => {
      const reason = intOption('--reason', f.reason, 0, 10);
      const caCert = parseCertificate(readText(f.ca));
      const target = parseCertificate(readText(f.cert));
      if (target.issuer !== caCert.subject || target.authorityKeyId !== caCert.subjectKeyId) throw new CliError(`${f.cert}: not issued by ${f.ca}`);
      await withDevice(f, async (device) => {
        await unlockForKeys(device, f);
        const so = await loginAs(device, 'security-officer', f);
        const at = new Date().toISOString();
        if ((await device.store.revokeCaCertificate(caCert.subjectKeyId!, target.serial, at, reason)) === 0) {
          const known = await device.store.getCaCertificate(caCert.subjectKeyId!, target.serial);
          throw new CliError(known ? `${f.cert}: already revoked at ${known.revokedAt}` : `${f.cert}: this device has no record of issuing it`);
        }
        await device.audit({ actor: so.name, role: so.role, action: 'ca.revoke', target: target.serial, outcome: 'ok', detail: { ca: caCert.subject, reason } });
      });
      say(`revoked ${target.subject} (serial ${target.serial}); publish a new CRL with mima ca crl`);
    });
  keyUseOptions(ca.command('crl'))
    .description('the CA\'s CRL of every certificate it revoked, signed by the CA key at --index')
    .requiredOption('--ca <file>', 'the CA certificate')
    .option('--days <n>', 'until the next update', '7')
    .requiredOption('--out <file>', 'the CRL (PEM)')
    .action(async (f: KeyUseFlags & { ca: string; days: string; out: string }) => {
      const caCert = parseCertificate(readText(f.ca));
      const days = intOption('--days', f.days, 1, 3650);
      const der = await withDeviceSigner(f, async (signer, publicKey, device) => {
        if (!caCert.publicKey || toHex(caCert.publicKey) !== toHex(publicKey)) throw new CliError(`${f.ca}: its public key is not the key at index ${f.index}`);
        const revoked = (await device.store.listRevokedCaCertificates(caCert.subjectKeyId!)).map((r) => ({ serial: r.serial, at: new Date(r.revokedAt!), reason: r.reason ?? 0 }));
        const now = new Date(Math.floor(Date.now() / 1000) * 1000);
        return createCrl({ issuer: caCert.subject, issuerPublicKey: publicKey, number: Math.floor(now.getTime() / 1000), thisUpdate: now, nextUpdate: new Date(now.getTime() + days * 86_400_000), revoked }, signer);
      });
      writeOutput(f.out, crlToPem(der));
      say(`CRL of "${caCert.subject}" with ${parseCrl(der).revoked.length} revoked certificate(s) written to ${f.out}`);
    });

  const cms = program.command('cms').description('CMS SignedData with SM2 (GM/T 0010; --oids pkcs7 for the PKCS#7 OIDs)');
  keyUseOptions(cms.command('sign'))
    .description('sign a file with the device key at --index, its certificate included')
    .requiredOption('--cert <file>', 'the signer\'s certificate (for the key at --index)')
    .option('--detached', 'leave the content out of the signature')
    .option('--oids <set>', 'gm (GM/T 0010) or pkcs7 (what OpenSSL and Bouncy Castle name)', 'gm')
    .option('--in <file>', 'the content (default stdin)')
    .requiredOption('--out <file>', 'the SignedData (DER)')
    .action(async (f: KeyUseFlags & { cert: string; detached?: boolean; oids: string; in?: string; out: string }) => {
      const flavour = choiceOption('--oids', f.oids, ['gm', 'pkcs7'] as const);
      const certificate = parseCertificate(readText(f.cert));
      const content = readInput(f.in);
      const der = await withDeviceSigner(f, (signer, publicKey) => {
        if (!certificate.publicKey || toHex(certificate.publicKey) !== toHex(publicKey)) throw new CliError(`${f.cert}: its public key is not the key at index ${f.index}`);
        return signCms({ content, certificate: certificate.der, signer, detached: f.detached, flavour });
      });
      writeOutput(f.out, der);
    });
  cms
    .command('verify')
    .description('verify a SignedData and its signer\'s certificate path: OK (exit 0) or the reason (exit 1)')
    .requiredOption('--trust <file>', 'trusted CA certificate (PEM)')
    .requiredOption('--in <file>', 'the SignedData (DER)')
    .option('--content <file>', 'the content of a detached signature')
    .option('--crl <file>', 'a CRL to check (repeatable)', collect)
    .action((f: { trust: string; in: string; content?: string; crl?: string[] }) => {
      const der = readInput(f.in);
      let v: ReturnType<typeof verifyCms>;
      try {
        v = verifyCms(der, { content: f.content === undefined ? undefined : readInput(f.content) });
      } catch (e) {
        if (!isCryptoError(e, 'SDR_VERIFYERR')) throw e;
        say(`FAIL: ${e.message}`);
        process.exitCode = EXIT_CHECK_FAILED;
        return;
      }
      const trust = [parseCertificate(readText(f.trust))];
      const crls = f.crl?.map((c) => parseCrl(readText(c)));
      for (const s of v.signers) {
        const r = validatePath(s.certificate, [], trust, new Date(), { crls });
        if (!r.ok) {
          say(`FAIL: signature verifies, but the signer's certificate does not: ${r.reason}`);
          process.exitCode = EXIT_CHECK_FAILED;
          return;
        }
        say(`OK: signed by ${s.certificate.subject}${s.signingTime ? ` at ${s.signingTime.toISOString()}` : ''}`);
      }
    });

  cms
    .command('encrypt')
    .description('encrypt a file to one or more certificates (SM2 key transport, SM4-CBC content)')
    .requiredOption('--cert <file>', 'a recipient certificate (repeatable)', collect)
    .option('--oids <set>', 'gm (GM/T 0010) or pkcs7', 'gm')
    .option('--in <file>', 'the content (default stdin)')
    .requiredOption('--out <file>', 'the EnvelopedData (DER)')
    .action((f: { cert: string[]; oids: string; in?: string; out: string }) => {
      const flavour = choiceOption('--oids', f.oids, ['gm', 'pkcs7'] as const);
      writeOutput(f.out, encryptCms(readInput(f.in), f.cert.map((c) => parseCertificate(readText(c)).der), flavour));
    });
  keyUseOptions(cms.command('decrypt'))
    .description('decrypt an EnvelopedData with the encryption key at --index')
    .option('--cert <file>', 'the recipient certificate (default: try the key on every recipient)')
    .requiredOption('--in <file>', 'the EnvelopedData (DER)')
    .option('--out <file>', 'the content (default stdout)')
    .action(async (f: KeyUseFlags & { cert?: string; in: string; out?: string }) => {
      const der = readInput(f.in);
      const recipient = f.cert === undefined ? undefined : parseCertificate(readText(f.cert)).der;
      const content = await withKeySession(f, (_device, session, index) => decryptCms(der, recipient, (c) => session.internalDecryptEcc(index, c)));
      writeOutput(f.out, content);
    });

  const cert = program.command('cert').description('SM2 certificates: requests, display, path validation');
  keyUseOptions(cert.command('csr'))
    .description('a PKCS#10 request for the device key at --index, signed inside the device')
    .requiredOption('--subject <dn>', 'e.g. "CN=alice, O=Example, C=CN"')
    .requiredOption('--out <file>', 'the request (PEM)')
    .action(async (f: KeyUseFlags & { subject: string; out: string }) => {
      const der = await withDeviceSigner(f, (signer, publicKey) => createCsr(f.subject, publicKey, signer));
      writeOutput(f.out, csrToPem(der));
      say(`certificate request for "${f.subject}" written to ${f.out}`);
    });
  cert
    .command('show')
    .description('print a certificate\'s fields')
    .argument('<cert>', 'certificate (PEM or DER)')
    .action((file: string) => {
      const raw = readFileSync(file);
      const text = raw.toString('utf8');
      for (const line of describe(parseCertificate(text.includes('-----BEGIN') ? text : new Uint8Array(raw)))) say(line);
    });
  cert
    .command('verify')
    .description('validate a certificate path to a trusted CA: OK (exit 0) or the reason (exit 1)')
    .requiredOption('--trust <file>', 'trusted CA certificate (PEM)')
    .option('--crl <file>', 'a CRL to check (repeatable)', collect)
    .argument('<cert>', 'the end-entity certificate (PEM)')
    .argument('[chain...]', 'intermediate CA certificates (PEM)')
    .action((file: string, chain: string[], f: { trust: string; crl?: string[] }) => {
      const leaf = parseCertificate(readText(file));
      const crls = f.crl?.map((c) => parseCrl(readText(c)));
      const r = validatePath(leaf, chain.map((c) => parseCertificate(readText(c))), [parseCertificate(readText(f.trust))], new Date(), { crls });
      if (r.ok) say(`OK: ${r.chain.join(' <- ')}`);
      else {
        say(`FAIL: ${r.reason}`);
        process.exitCode = EXIT_CHECK_FAILED;
      }
    });
}
