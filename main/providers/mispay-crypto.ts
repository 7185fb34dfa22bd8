import { createDecipheriv, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';

// MisPay's envelope for secrets it hands out (the access token, the browser callback `?_=` blob):
// base64( salt[16] | nonce[12] | ciphertext | tag[16] ), AES-256-GCM with
// key = PBKDF2-HMAC-SHA256(app secret, salt, 40 000 iterations, 32 bytes).
// The adapter only decrypts; the simulator seals with its own implementation (main/sandbox/mispay-crypto.ts).

const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PBKDF2_ITERATIONS = 40_000;
const KEY_BYTES = 32;

const pbkdf2Async = promisify(pbkdf2);

function deriveKey(appSecret: string, salt: Buffer): Promise<Buffer> {
  // Async on purpose: 40 000 iterations would block the event loop for milliseconds per call.
  return pbkdf2Async(appSecret, salt, PBKDF2_ITERATIONS, KEY_BYTES, 'sha256');
}

export async function decryptMispayPayload(blob: string, appSecret: string): Promise<string> {
  const raw = Buffer.from(blob, 'base64');
  if (raw.length < SALT_BYTES + NONCE_BYTES + TAG_BYTES + 1) throw undecryptable();
  const salt = raw.subarray(0, SALT_BYTES);
  const nonce = raw.subarray(SALT_BYTES, SALT_BYTES + NONCE_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const ciphertext = raw.subarray(SALT_BYTES + NONCE_BYTES, raw.length - TAG_BYTES);
  const key = await deriveKey(appSecret, salt);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw undecryptable();
  }
}

function undecryptable(): AppError {
  return new AppError(
    'provider_error',
    'MisPay sent an encrypted value PayDesk could not decrypt. Check that the MisPay app secret in Settings matches the app id.',
  );
}
