import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { EncryptedSecrets } from '../../db/schema/channels.js';

/**
 * Provider secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the installation's app secret, with
 * the config id as additional authenticated data so a ciphertext copied onto another row does not decrypt.
 * The app secret is not in the same column or row, so a dump of channel_configs alone reveals nothing.
 */
const keyCache = new Map<string, Buffer>();

function keyOf(appSecret: string): Buffer {
  let key = keyCache.get(appSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', appSecret, 'rateloop', 'channel-config-secrets v1', 32));
    keyCache.set(appSecret, key);
  }
  return key;
}

export function encryptSecrets(appSecret: string, configId: string, secrets: Record<string, string>): EncryptedSecrets {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(appSecret), iv);
  cipher.setAAD(Buffer.from(configId));
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return {
    v: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function decryptSecrets(
  appSecret: string,
  configId: string,
  envelope: EncryptedSecrets | null,
): Record<string, string> {
  if (!envelope) return {};
  const decipher = createDecipheriv('aes-256-gcm', keyOf(appSecret), Buffer.from(envelope.iv, 'base64'));
  decipher.setAAD(Buffer.from(configId));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, string>;
}

/** `••••1234`: enough to recognise a secret, never enough to use it. Short secrets show no characters at all. */
export function maskSecret(value: string): string {
  return value.length >= 12 ? `••••${value.slice(-4)}` : '••••';
}
