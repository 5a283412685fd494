/**
 * `mima svs serve --data DIR --trust ca.pem [--trust ...] [--crl crl.pem ...] [--key-cert N=cert.pem ...] [--port 8020]`:
 * the signature-verification server (GM/T 0029 over HTTP JSON, OpenAPI at /docs). Signing keys
 * stay in the device; each request names its key index and access password; `--key-cert`
 * registers the certificate of a key index (for SVS_SignMessage and SVS_ExportCert "index:N").
 * The operator account runs it (MIMA_OPERATOR_PASSWORD).
 */
import type { Command } from 'commander';
import { parseCertificate, parseCrl } from '../../pki/index.js';
import { SignatureVerificationServer, startSvsServer } from '../../svs/index.js';
import { intOption } from '../args.js';
import { untilInterrupted } from '../until-interrupted.js';
import { CliError } from '../errors.js';
import { readText, say } from '../io.js';
import { addDataOption, addLoginOptions, addShareOptions, collect, loginAs, unlockForKeys, withDevice, type LoginFlags, type ShareFlags } from '../device-access.js';


export function registerSvs(program: Command): void {
  const svs = program.command('svs').description('the signature-verification server (GM/T 0029)');
  addLoginOptions(addShareOptions(addDataOption(svs.command('serve'))), 'operator')
    .description('serve the GM/T 0029 functions over HTTP JSON until interrupted')
    .requiredOption('--trust <file>', 'a trusted CA certificate (repeatable)', collect)
    .option('--crl <file>', 'a CRL (repeatable)', collect)
    .option('--key-cert <N=file>', 'the certificate of the signing key at index N (repeatable)', collect)
    .option('--port <n>', 'HTTP port', '8020')
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .action(async (f: ShareFlags & LoginFlags & { trust: string[]; crl?: string[]; keyCert?: string[]; port: string; host: string }) => {
      const port = intOption('--port', f.port, 0, 65535);
      const anchors = f.trust.map((t) => parseCertificate(readText(t)));
      const crls = (f.crl ?? []).map((c) => parseCrl(readText(c)));
      await withDevice(f, async (device) => {
        await unlockForKeys(device, f);
        const op = await loginAs(device, 'operator', f);
        const server = new SignatureVerificationServer(device, op, { anchors, intermediates: [], crls });
        for (const kc of f.keyCert ?? []) {
          const m = /^(\d+)=(.+)$/.exec(kc);
          if (!m) throw new CliError(`--key-cert: expected N=FILE, got "${kc}"`);
          server.addCertificate(`index:${m[1]}`, parseCertificate(readText(m[2]!)).der);
        }
        const http = await startSvsServer(server, { host: f.host, port });
        say(`mima svs: signature-verification server on port ${http.port} (OpenAPI at /docs), ${anchors.length} trust anchor(s), ${crls.length} CRL(s)`);
        await untilInterrupted(() => http.close());
      });
    });
}
