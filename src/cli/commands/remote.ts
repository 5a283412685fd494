/**
 * `mima remote ...`: a machine's SDF functions from the command line, through the TypeScript SDK
 * (the client certificate, key, CA, host and port come from an sdf.conf: --config, else
 * MIMA_SDF_CONFIG, else ./data/clients/demo/sdf.conf, which `npm start` writes):
 *
 *   mima remote export-pub --index N [--usage sign|enc] --out pub.pem
 *   mima remote sign --index N [--id STR] [--in FILE] [--out sig.der]     (SM3 with Z_A, DER; access password from
 *                                                                         --access-password-env VAR, default "demo")
 *   mima remote random --bytes N [--out FILE]
 *
 * The signature is the standard SM2 signature `mima sm2 verify` and OpenSSL check.
 */
import type { Command } from 'commander';
import { utf8 } from '../../algorithms/internal/bytes.js';
import { connectRemote, type RemoteSdf } from '../../client/index.js';
import { encodeSm2PublicKeyPem, signatureToDer } from '../../formats/index.js';
import { eccPublicKeyToPoint, eccSignatureToRaw, SGD_SM3, type ECCrefPublicKey, type ECCSignature } from '../../sdf/index.js';
import { intOption } from '../args.js';
import { CliError } from '../errors.js';
import { readInput, writeOutput } from '../io.js';

async function withRemote<T>(config: string | undefined, fn: (sdf: RemoteSdf, h: number) => Promise<T>): Promise<T> {
  const sdf = await connectRemote(config);
  try {
    const h = (await sdf.SDF_OpenSession()) as number;
    try {
      return await fn(sdf, h);
    } finally {
      await sdf.SDF_CloseSession(h).catch(() => {});
    }
  } finally {
    sdf.close();
  }
}

export function registerRemote(program: Command): void {
  const remote = program.command('remote').description('call a machine\'s SDF functions over the network (mima serve)');
  remote
    .command('export-pub')
    .description('export the public key of an internal key pair as PEM')
    .requiredOption('--index <n>', 'key index')
    .option('--usage <usage>', 'sign or enc', 'sign')
    .option('--out <file>', 'output file (default stdout)')
    .option('--config <file>', 'sdf.conf')
    .action(async (f: { index: string; usage: string; out?: string; config?: string }) => {
      if (f.usage !== 'sign' && f.usage !== 'enc') throw new CliError(`--usage: expected sign or enc, got "${f.usage}"`);
      const index = intOption('--index', f.index, 1, 0xffffffff);
      const pub = await withRemote(f.config, (sdf, h) =>
        (f.usage === 'sign' ? sdf.SDF_ExportSignPublicKey_ECC(h, index) : sdf.SDF_ExportEncPublicKey_ECC(h, index)) as Promise<ECCrefPublicKey>);
      writeOutput(f.out, encodeSm2PublicKeyPem(eccPublicKeyToPoint(pub)));
    });
  remote
    .command('sign')
    .description('sign a message with an internal SM2 key: SM3(Z_A ‖ M) inside the machine, DER signature out')
    .requiredOption('--index <n>', 'key index')
    .option('--id <id>', 'signer ID', '1234567812345678')
    .option('--access-password-env <var>', 'variable holding the index\'s access password (default: the demo password "demo")')
    .option('--in <file>', 'message (default stdin)')
    .option('--out <file>', 'signature file (default stdout)')
    .option('--config <file>', 'sdf.conf')
    .action(async (f: { index: string; id: string; accessPasswordEnv?: string; in?: string; out?: string; config?: string }) => {
      const index = intOption('--index', f.index, 1, 0xffffffff);
      const password = f.accessPasswordEnv ? process.env[f.accessPasswordEnv] : 'demo';
      if (password === undefined) throw new CliError(`--access-password-env: ${f.accessPasswordEnv} is not set`);
      const message = readInput(f.in);
      const sig = await withRemote(f.config, async (sdf, h) => {
        await sdf.SDF_GetPrivateKeyAccessRight(h, index, utf8(password));
        const pub = await sdf.SDF_ExportSignPublicKey_ECC(h, index);
        await sdf.SDF_HashInit(h, SGD_SM3, pub, utf8(f.id));
        await sdf.SDF_HashUpdate(h, message);
        const e = await sdf.SDF_HashFinal(h);
        return (await sdf.SDF_InternalSign_ECC(h, index, e)) as ECCSignature;
      });
      writeOutput(f.out, signatureToDer(eccSignatureToRaw(sig)));
    });
  remote
    .command('random')
    .description('random bytes from the machine\'s generator')
    .requiredOption('--bytes <n>', 'how many')
    .option('--out <file>', 'output file (default stdout)')
    .option('--config <file>', 'sdf.conf')
    .action(async (f: { bytes: string; out?: string; config?: string }) => {
      const n = intOption('--bytes', f.bytes, 1, 1024 * 1024);
      writeOutput(f.out, (await withRemote(f.config, (sdf, h) => sdf.SDF_GenerateRandom(h, n))) as Uint8Array);
    });
}
