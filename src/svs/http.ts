/**
 * The signature-verification server over HTTP JSON (GM/T 0029 function set; OpenAPI at /docs):
 * POST /svs/<function> with base64 binary fields; every answer is 200 with `result` (the GM/T 0029
 * code, 0 for success) and the function's output, as the standard's responses carry respValue;
 * a malformed request is 400 problem JSON.
 *
 * @module
 */
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import { SGD_SM3_SM2 } from '../sdf/sgd.js';
import { SVS, SvsError } from './codes.js';
import type { SignatureVerificationServer } from './svs.js';

const b64 = { type: 'string', contentEncoding: 'base64' } as const;
const from64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const to64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export async function startSvsServer(svs: SignatureVerificationServer, opts: { host?: string; port: number }): Promise<{ port: number; close(): Promise<void> }> {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  await app.register(swagger, { openapi: { info: { title: 'Mima signature-verification server (GM/T 0029)', version: '1' } } });
  app.setErrorHandler((e, _req, reply) => {
    if (e instanceof SvsError) return reply.code(200).send({ result: e.code, message: e.message });
    const v = e as { validation?: unknown; message?: string };
    if (v.validation) return reply.code(400).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'invalid request', status: 400, detail: v.message }));
    return reply.code(200).send({ result: SVS.SYSTEM_FAILURE, message: 'internal error' });
  });
  const post = (name: string, props: Record<string, unknown>, required: string[], handler: (b: Record<string, unknown>) => Promise<Record<string, unknown>>) =>
    app.post(`/svs/${name}`, { schema: { summary: `SVS_${name[0]!.toUpperCase()}${name.slice(1)}`, body: { type: 'object', required, properties: props } } },
      async (req) => ({ result: SVS.SUCCESS, ...(await handler(req.body as Record<string, unknown>)) }));

  post('exportCert', { certId: { type: 'string' } }, ['certId'], async (b) => ({ cert: to64(svs.exportCert(b.certId as string)) }));
  post('parseCert', { infoType: { type: 'integer' }, cert: b64 }, ['infoType', 'cert'], async (b) => ({ value: svs.parseCert(b.infoType as number, from64(b.cert as string)) }));
  post('validateCert', { cert: b64, ocsp: { type: 'boolean' } }, ['cert'], async (b) => ({ result: svs.validateCert(from64(b.cert as string)) }));
  post('signData', { signMethod: { type: 'integer', default: SGD_SM3_SM2 }, keyIndex: { type: 'integer' }, keyValue: { type: 'string' }, data: b64 }, ['keyIndex', 'keyValue', 'data'],
    async (b) => ({ signature: to64(await svs.signData(b.signMethod as number, b.keyIndex as number, b.keyValue as string, from64(b.data as string))) }));
  post('verifySignedData', { type: { type: 'integer', enum: [1, 2] }, cert: b64, serial: { type: 'string' }, data: b64, signature: b64, verifyLevel: { type: 'integer', minimum: 0, maximum: 2, default: 2 } },
    ['type', 'data', 'signature'], async (b) => ({
      result: svs.verifySignedData(b.type as 1 | 2, b.type === 1 ? from64((b.cert as string) ?? '') : (b.serial as string), from64(b.data as string), from64(b.signature as string), b.verifyLevel as number),
    }));
  post('signMessage', { signMethod: { type: 'integer', default: SGD_SM3_SM2 }, keyIndex: { type: 'integer' }, keyValue: { type: 'string' }, data: b64, originalText: { type: 'boolean', default: true } },
    ['keyIndex', 'keyValue', 'data'], async (b) => ({
      signedMessage: to64(await svs.signMessage(b.signMethod as number, b.keyIndex as number, b.keyValue as string, from64(b.data as string), { originalText: b.originalText as boolean })),
    }));
  post('verifySignedMessage', { signedMessage: b64, data: b64 }, ['signedMessage'],
    async (b) => ({ result: svs.verifySignedMessage(from64(b.signedMessage as string), b.data ? from64(b.data as string) : undefined) }));
  // Multi-part: the caller carries `intermediate` (base64) between calls.
  const initProps = { signMethod: { type: 'integer', default: SGD_SM3_SM2 }, publicKey: b64, id: b64, data: b64 };
  const dataInit = async (b: Record<string, unknown>) => ({
    intermediate: to64(svs.dataInit(b.signMethod as number, from64(b.publicKey as string), b.id ? from64(b.id as string) : null, from64(b.data as string))),
  });
  post('signDataInit', initProps, ['publicKey', 'data'], dataInit);
  post('verifySignedDataInit', initProps, ['publicKey', 'data'], dataInit);
  const update = async (b: Record<string, unknown>) => ({ intermediate: to64(svs.dataUpdate(from64(b.intermediate as string), from64(b.data as string))) });
  for (const name of ['signDataUpdate', 'verifySignedDataUpdate', 'signMessageUpdate', 'verifySignedMessageUpdate']) {
    post(name, { intermediate: b64, data: b64 }, ['intermediate', 'data'], update);
  }
  post('signDataFinal', { signMethod: { type: 'integer', default: SGD_SM3_SM2 }, keyIndex: { type: 'integer' }, keyValue: { type: 'string' }, intermediate: b64 }, ['keyIndex', 'keyValue', 'intermediate'],
    async (b) => ({ signature: to64(await svs.signDataFinal(b.signMethod as number, b.keyIndex as number, b.keyValue as string, from64(b.intermediate as string))) }));
  post('verifySignedDataFinal', { type: { type: 'integer', enum: [1, 2] }, cert: b64, serial: { type: 'string' }, intermediate: b64, signature: b64, verifyLevel: { type: 'integer', minimum: 0, maximum: 2, default: 2 } },
    ['type', 'intermediate', 'signature'], async (b) => ({
      result: svs.verifySignedDataFinal(b.type as 1 | 2, b.type === 1 ? from64((b.cert as string) ?? '') : (b.serial as string), from64(b.intermediate as string), from64(b.signature as string), b.verifyLevel as number),
    }));
  const msgInit = async (b: Record<string, unknown>) => ({ intermediate: to64(svs.messageInit(from64(b.data as string))) });
  post('signMessageInit', { signMethod: { type: 'integer', default: SGD_SM3_SM2 }, data: b64 }, ['data'], msgInit);
  post('verifySignedMessageInit', { signMethod: { type: 'integer', default: SGD_SM3_SM2 }, data: b64 }, ['data'], msgInit);
  post('signMessageFinal', { signMethod: { type: 'integer', default: SGD_SM3_SM2 }, keyIndex: { type: 'integer' }, keyValue: { type: 'string' }, intermediate: b64 }, ['keyIndex', 'keyValue', 'intermediate'],
    async (b) => ({ signedMessage: to64(await svs.signMessageFinal(b.signMethod as number, b.keyIndex as number, b.keyValue as string, from64(b.intermediate as string))) }));
  post('verifySignedMessageFinal', { signMethod: { type: 'integer', default: SGD_SM3_SM2 }, intermediate: b64, signedMessage: b64 }, ['intermediate', 'signedMessage'],
    async (b) => ({ result: svs.verifySignedMessageFinal(from64(b.intermediate as string), from64(b.signedMessage as string)) }));
  app.get('/docs', { schema: { hide: true } }, async () => app.swagger());
  await app.listen({ host: opts.host ?? '0.0.0.0', port: opts.port });
  const a = app.server.address();
  return { port: typeof a === 'object' && a ? a.port : opts.port, close: () => app.close() };
}
