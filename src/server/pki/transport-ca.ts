/**
 * The machine's own CA for its TLS transport: it certifies the server and every application
 * (client certificates for mutual TLS) and publishes a CRL of revoked application certificates.
 *
 * ECDSA P-256 with SHA-256, because that is what Node's TLS (OpenSSL) negotiates with every
 * client library, including the C library linking the system libssl; SM2 certificates (GM/T
 * 0015) for PKI services are a separate concern (src/pki/ in a later issue). Certificates are
 * built with @peculiar/x509 over node's WebCrypto.
 *
 * @module
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs this polyfill.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type X509Crypto = Parameters<typeof x509.cryptoProvider.set>[0];

x509.cryptoProvider.set(webcrypto as unknown as X509Crypto);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface CaMaterial {
  /** PKCS#8 DER of the CA private key (secret: the caller stores it wrapped). */
  privateKeyPkcs8: Uint8Array;
  certificate: x509.X509Certificate;
}

export interface IssuedCertificate {
  certificate: x509.X509Certificate;
  /** PKCS#8 DER when the key pair was generated here (secret). */
  privateKeyPkcs8?: Uint8Array;
  serial: string;
  /** SHA-256 of the certificate DER, hex. */
  fingerprint: string;
}

function randomSerial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0]! &= 0x7f; // positive INTEGER
  b[0]! |= 0x10; // first hex digit non-zero: every tool prints the serial the same way
  return Buffer.from(b).toString('hex');
}

async function fingerprint(cert: x509.X509Certificate): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', cert.rawData)).toString('hex');
}

async function importCaKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', pkcs8, EC, false, ['sign']) as Promise<CryptoKey>;
}

/** A new self-signed CA, valid for `days`. */
export async function createTransportCa(commonName: string, days = 3650): Promise<CaMaterial> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + days * DAY),
    keys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const privateKeyPkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { privateKeyPkcs8, certificate };
}

export interface IssueOptions {
  commonName: string;
  /** 'server' adds serverAuth and the DNS/IP names; 'client' adds clientAuth. */
  purpose: 'server' | 'client';
  /** Server only: host names and IP addresses the certificate is valid for. */
  hostNames?: readonly string[];
  /** A CSR's public key (SPKI DER); when absent a key pair is generated and returned. */
  publicKeySpki?: Uint8Array;
  days?: number;
}

/** Issues a certificate under the CA. */
export async function issueCertificate(ca: CaMaterial, opts: IssueOptions): Promise<IssuedCertificate> {
  let publicKey: CryptoKey;
  let privateKeyPkcs8: Uint8Array | undefined;
  if (opts.publicKeySpki) {
    publicKey = (await webcrypto.subtle.importKey('spki', opts.publicKeySpki, EC, true, ['verify'])) as CryptoKey;
  } else {
    const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
    publicKey = keys.publicKey;
    privateKeyPkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  }
  const now = Date.now();
  const serial = randomSerial();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
    new x509.ExtendedKeyUsageExtension([opts.purpose === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
  ];
  if (opts.purpose === 'server') {
    const names = (opts.hostNames ?? ['localhost', '127.0.0.1']).map((n) =>
      /^[\d.]+$|:/.test(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n },
    );
    extensions.push(new x509.SubjectAlternativeNameExtension(names));
  }
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${opts.commonName}`,
    issuer: ca.certificate.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + (opts.days ?? 825) * DAY),
    publicKey,
    signingKey: await importCaKey(ca.privateKeyPkcs8),
    signingAlgorithm: SIGN,
    extensions,
  });
  return { certificate, privateKeyPkcs8, serial, fingerprint: await fingerprint(certificate) };
}

/** The CA's CRL listing `revokedSerials` (hex), valid for `days`. */
export async function createCrl(ca: CaMaterial, revokedSerials: readonly { serial: string; at: Date }[], days = 7): Promise<x509.X509Crl> {
  return x509.X509CrlGenerator.create({
    issuer: ca.certificate.subject,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: new Date(Date.now() + days * DAY),
    signingAlgorithm: SIGN,
    signingKey: await importCaKey(ca.privateKeyPkcs8),
    entries: revokedSerials.map((r) => ({ serialNumber: r.serial, revocationDate: r.at, reason: x509.X509CrlReason.cessationOfOperation })),
  });
}

/** PEM of a certificate or a CRL (labelled "X509 CRL", the label OpenSSL reads). */
export function toPem(what: x509.X509Certificate | x509.X509Crl): string {
  return what instanceof x509.X509Crl ? x509.PemConverter.encode(what.rawData, 'X509 CRL') : what.toString('pem');
}

export function privateKeyPem(pkcs8: Uint8Array): string {
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

export { x509 };
