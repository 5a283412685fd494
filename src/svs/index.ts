/** The signature-verification server (GM/T 0029): the functions and their HTTP JSON transport. */
export * from './codes.js';
export * from './svs.js';
export * from './http.js';
