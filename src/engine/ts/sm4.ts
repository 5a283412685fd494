/** SM4 on the TypeScript backend: the engine's request shapes mapped onto src/algorithms/sm4. */
import {
  createSm4Cipher,
  sm4Cbc,
  sm4CbcMac,
  sm4Ccm,
  sm4Ecb,
  sm4Gcm,
  sm4Xts,
} from '../../algorithms/sm4/index.js';
import type { Sm4Aead } from '../../algorithms/sm4/index.js';
import type { Sm4AeadRequest, Sm4Ops, Sm4Request } from '../types.js';

function crypt(req: Sm4Request, decrypt: boolean): Uint8Array {
  const padding = req.padding ?? 'none';
  switch (req.mode) {
    case 'ecb':
      return decrypt ? sm4Ecb.decrypt(req.key, req.data, { padding }) : sm4Ecb.encrypt(req.key, req.data, { padding });
    case 'cbc': {
      const iv = req.iv as Uint8Array;
      return decrypt ? sm4Cbc.decrypt(req.key, iv, req.data, { padding }) : sm4Cbc.encrypt(req.key, iv, req.data, { padding });
    }
    case 'xts': {
      const opts = { standard: req.xtsStandard ?? 'GB' } as const;
      const tweak = req.iv as Uint8Array;
      return decrypt ? sm4Xts.decrypt(req.key, tweak, req.data, opts) : sm4Xts.encrypt(req.key, tweak, req.data, opts);
    }
    default: {
      // CFB, OFB, CTR: one pass of the streaming cipher (no padding in these modes).
      const c = createSm4Cipher(req.mode, req.key, req.iv, { decrypt });
      const head = c.update(req.data);
      const tail = c.final();
      if (tail.length === 0) return head;
      const out = new Uint8Array(head.length + tail.length);
      out.set(head);
      out.set(tail, head.length);
      return out;
    }
  }
}

function aead(req: Sm4AeadRequest): Sm4Aead {
  const opts = req.tagLength === undefined ? {} : { tagLength: req.tagLength };
  return req.mode === 'gcm' ? sm4Gcm(req.key, opts) : sm4Ccm(req.key, { ...opts, nonceLength: req.nonce.length });
}

export const tsSm4: Sm4Ops = Object.freeze<Sm4Ops>({
  encrypt: (req: Sm4Request) => crypt(req, false),
  decrypt: (req: Sm4Request) => crypt(req, true),
  encryptBatch: (reqs: readonly Sm4Request[]) => reqs.map((r) => crypt(r, false)),
  decryptBatch: (reqs: readonly Sm4Request[]) => reqs.map((r) => crypt(r, true)),
  seal(req: Sm4AeadRequest): Uint8Array {
    const a = aead(req);
    try {
      return a.sealWithNonce(req.nonce, req.data, req.aad);
    } finally {
      a.destroy();
    }
  },
  open(req: Sm4AeadRequest): Uint8Array {
    const a = aead(req);
    try {
      return a.openWithNonce(req.nonce, req.data, req.aad);
    } finally {
      a.destroy();
    }
  },
  cbcMac: (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => sm4CbcMac(key, iv, data),
});
