// Signs JWS the way Apple signs notifications: header exactly {"alg":"ES256","x5c":[leaf,intermediate,root]}
// (standard base64 DER), ES256 with the raw 64-byte R||S signature (RFC 7518 §3.4).
import { createPrivateKey } from 'node:crypto';
import { signJwt, type JsonObject } from '../auth/jwt.js';
import type { EmulatorState } from './state.js';

export interface JwsSigner {
  sign(payload: object): string;
}

export function createSigner(state: EmulatorState): JwsSigner {
  const key = createPrivateKey(state.ca.leafKeyPem);
  const header = {
    alg: 'ES256',
    x5c: [state.chainDer.leaf, state.chainDer.intermediate, state.chainDer.root].map((d) => d.toString('base64')),
  };
  return { sign: (payload) => signJwt(header, payload as JsonObject, key) };
}
