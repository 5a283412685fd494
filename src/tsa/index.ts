/**
 * The timestamp service (RFC 3161 with SM2/SM3): the authority, its HTTP transport and client,
 * and the RFC 3161 structures.
 *
 * @module
 */
export * from './asn1.js';
export * from './tsa.js';
export * from './http.js';
