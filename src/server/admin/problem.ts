/**
 * RFC 9457 problem details for every management API error, with the GM/T 0018 / Mima SDR code
 * (when there is one) in the `sdr` extension member.
 *
 * @module
 */
import { CryptoError } from '../../algorithms/internal/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  sdr?: string;
}

export class HttpProblem extends Error {
  constructor(readonly status: number, readonly title: string, detail?: string) {
    super(detail ?? title);
  }
}

/** HTTP status for a device error code. */
const STATUS_BY_SDR: Readonly<Record<string, number>> = {
  SDR_MIMA_AUTH: 401,
  SDR_MIMA_LOCKOUT: 429,
  SDR_MIMA_ROLE: 403,
  SDR_MIMA_LOCKED: 409,
  SDR_MIMA_NOTINIT: 409,
  SDR_MIMA_SELFTEST: 503,
  SDR_KEYNOTEXIST: 404,
  SDR_INARGERR: 400,
  SDR_KEYERR: 400,
};

export function problemFor(e: unknown): Problem {
  if (e instanceof HttpProblem) return { type: 'about:blank', title: e.title, status: e.status, detail: e.message };
  if (e instanceof CryptoError) {
    const status = STATUS_BY_SDR[e.code] ?? 422;
    return { type: `urn:mima:sdr:${e.code}`, title: e.code.replace(/^SDR_(MIMA_)?/, '').toLowerCase().replace(/_/g, ' '), status, detail: e.message, sdr: e.code };
  }
  const v = e as { validation?: unknown; statusCode?: number; message?: string };
  if (v && v.validation) return { type: 'about:blank', title: 'invalid request', status: 400, detail: v.message };
  if (v && typeof v.statusCode === 'number' && v.statusCode >= 400 && v.statusCode < 500) {
    return { type: 'about:blank', title: 'bad request', status: v.statusCode, detail: v.message };
  }
  return { type: 'about:blank', title: 'internal error', status: 500 };
}
