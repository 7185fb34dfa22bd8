import { createCipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { MISPAY_ENVELOPE } from '../providers/contracts/mispay';

// The simulator's own MisPay encryption, written from MisPay's description of the envelope (the contract's
// MISPAY_ENVELOPE) and not shared with the adapter, so a mistake on either side shows up as a failed decrypt.

const derive = promisify(pbkdf2);

/** Encrypts what MisPay hands out encrypted (the token envelope, the callback `?_=` value) with the app secret. */
export async function sealForMerchant(plaintext: string, appSecret: string): Promise<string> {
  const e = MISPAY_ENVELOPE;
  const salt = randomBytes(e.saltBytes);
  const nonce = randomBytes(e.nonceBytes);
  const key = await derive(appSecret, salt, e.pbkdf2Iterations, e.keyBytes, e.digest);
  const cipher = createCipheriv(e.cipher, key, nonce, { authTagLength: e.tagBytes });
  const body = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final()]);
  return Buffer.concat([salt, nonce, body, cipher.getAuthTag()]).toString('base64');
}
