/**
 * `mima ts serve|query|verify`: the RFC 3161 timestamp service with SM2/SM3.
 *
 *   mima ts serve --data DIR --index N --cert tsa.pem [--port 3161] [--host H] [--policy OID]
 *        (the TSA key is the device's signing key at --index; operator and access password as
 *        for other key use; serial numbers from a durable counter in the device's store)
 *   mima ts query --url URL --in FILE --out resp.tsr [--no-cert]
 *   mima ts verify --trust ca.pem --in resp.tsr --content FILE
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { toHex } from '../../algorithms/internal/bytes.js';
import { isCryptoError } from '../../algorithms/internal/errors.js';
import { sm3 } from '../../algorithms/sm3/index.js';
import { OID } from '../../formats/index.js';
import { parseCertificate } from '../../pki/index.js';
import { encodeRequest, queryTsa, startTsaServer, TimestampAuthority, verifyTimestamp, DEFAULT_TSA_POLICY } from '../../tsa/index.js';
import { intOption } from '../args.js';
import { untilInterrupted } from '../until-interrupted.js';
import { CliError, EXIT_CHECK_FAILED } from '../errors.js';
import { readInput, readText, say, writeOutput } from '../io.js';
import { keyUseOptions, withKeySession, type KeyUseFlags } from './device.js';


export function registerTs(program: Command): void {
  const ts = program.command('ts').description('RFC 3161 timestamps with SM2/SM3 (the TSA key stays in the device)');
  keyUseOptions(ts.command('serve'))
    .description('run the timestamp authority over HTTP until interrupted')
    .requiredOption('--cert <file>', 'the TSA certificate (extendedKeyUsage timeStamping; issue with mima ca issue --usage tsa)')
    .option('--port <n>', 'HTTP port', '3161')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option('--policy <oid>', 'TSA policy OID', DEFAULT_TSA_POLICY)
    .action(async (f: KeyUseFlags & { cert: string; port: string; host: string; policy: string }) => {
      const cert = parseCertificate(readText(f.cert));
      if (!cert.extendedKeyUsage?.includes('1.3.6.1.5.5.7.3.8')) throw new CliError(`${f.cert}: not a timestamping certificate (extendedKeyUsage timeStamping)`);
      const port = intOption('--port', f.port, 0, 65535);
      await withKeySession(f, async (device, session, index) => {
        const pair = await device.keys.keyPair(index, 'sign');
        if (!cert.publicKey || toHex(cert.publicKey) !== toHex(pair.publicKey)) throw new CliError(`${f.cert}: its public key is not the key at index ${index}`);
        const { sm2, sm3: h } = device.engine.sm;
        const z = sm2.computeZ(pair.publicKey);
        const tsa = new TimestampAuthority({
          certificate: cert.der, policy: f.policy,
          signer: async (d) => (await session.internalSignDigests(index, [h.digest(new Uint8Array([...z, ...d]))]))[0]!,
          nextSerial: async () => BigInt(await device.store.transaction((tx) => tx.nextCounter('tsa-serial'))),
        });
        const server = await startTsaServer(tsa, { host: f.host, port });
        say(`mima ts: timestamp authority "${cert.subject}" on port ${server.port}, policy ${tsa.policy}`);
        await untilInterrupted(() => server.close());
      });
    });
  ts.command('query')
    .description('ask a TSA for a timestamp of a file (SM3 imprint, random nonce)')
    .requiredOption('--url <url>', 'the TSA (http://host:port/)')
    .option('--in <file>', 'the data (default stdin)')
    .requiredOption('--out <file>', 'the response (DER .tsr)')
    .option('--no-cert', 'do not ask for the TSA certificate in the token')
    .action(async (f: { url: string; in?: string; out: string; cert: boolean }) => {
      const nonce = new Uint8Array(randomBytes(8));
      nonce[0] = (nonce[0]! & 0x7f) | 0x01;
      const resp = await queryTsa(f.url, encodeRequest({ hashAlgorithm: OID.sm3, imprint: sm3(readInput(f.in)), nonce, certReq: f.cert }));
      writeOutput(f.out, resp);
    });
  ts.command('verify')
    .description('verify a timestamp response for a file against a trusted CA: OK (exit 0) or the reason (exit 1)')
    .requiredOption('--trust <file>', 'trusted CA certificate (PEM)')
    .requiredOption('--in <file>', 'the response (DER .tsr)')
    .requiredOption('--content <file>', 'the data that was timestamped')
    .action((f: { trust: string; in: string; content: string }) => {
      let v: ReturnType<typeof verifyTimestamp>;
      try {
        v = verifyTimestamp(readInput(f.in), { content: readInput(f.content), trusted: [parseCertificate(readText(f.trust))] });
      } catch (e) {
        if (!isCryptoError(e, 'SDR_VERIFYERR')) throw e;
        say(`FAIL: ${e.message}`);
        process.exitCode = EXIT_CHECK_FAILED;
        return;
      }
      say(`OK: ${v.tst.genTime.toISOString()} (±${v.tst.accuracyMs} ms), serial ${v.tst.serial}, policy ${v.tst.policy}, by ${v.tsa.subject}`);
    });
}
