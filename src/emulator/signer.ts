// Signs JWS the way Apple signs notifications: header exactly {"alg":"ES256","x5c":[leaf,intermediate,root]}
// (standard base64 DER), ES256 with the raw 64-byte R||S signature (RFC 7518 §3.4).
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { EmulatorState } from './state.js';

export interface JwsSigner {
  sign(payload: object): string;
}

export function createSigner(state: EmulatorState): JwsSigner {
  const key: KeyObject = createPrivateKey(state.ca.leafKeyPem);
  const header = base64url(
    JSON.stringify({
      alg: 'ES256',
      x5c: [state.chainDer.leaf, state.chainDer.intermediate, state.chainDer.root].map((d) => d.toString('base64')),
    }),
  );
  return {
    sign(payload: object): string {
      const input = `${header}.${base64url(JSON.stringify(payload))}`;
      const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
      return `${input}.${signature.toString('base64url')}`;
    },
  };
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
