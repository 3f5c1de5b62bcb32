import { createCipheriv, createDecipheriv, createSign, createVerify, KeyObject, randomBytes } from 'node:crypto';

/**
 * WeChat Pay API v3's own cryptography, in our own small code (node:crypto): request and
 * notification signatures (SHA256-RSA2048), AEAD_AES_256_GCM resources, JSAPI paySign.
 * wechatpay-node-v3 skips the GCM tag check and has no timestamp window, so notifications are
 * verified here, never there.
 */

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** How far a notification's timestamp may be from our clock. */
export const NOTIFY_WINDOW_SECONDS = 5 * 60;
/** WeChat's probe notifications carry signatures that start with this: never accept them. */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';

export function rsaSign(message: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export function rsaVerify(message: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export const nonce = (): string => randomBytes(16).toString('hex').toUpperCase();

/** The text a request signature covers: method, path with query, timestamp, nonce, body. */
export function requestMessage(
  method: string,
  urlPath: string,
  timestamp: string,
  nonceStr: string,
  body: string,
): string {
  return `${method.toUpperCase()}\n${urlPath}\n${timestamp}\n${nonceStr}\n${body}\n`;
}

/** The text a response or notification signature covers. */
export function responseMessage(timestamp: string, nonceStr: string, body: string): string {
  return `${timestamp}\n${nonceStr}\n${body}\n`;
}

export interface MerchantCredentials {
  mchid: string;
  serialNo: string;
  privateKey: KeyObject;
}

/** The Authorization header of a merchant's request to WeChat Pay. */
export function authorizationHeader(
  merchant: MerchantCredentials,
  method: string,
  urlPath: string,
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
  nonceStr = nonce(),
): string {
  const signature = rsaSign(requestMessage(method, urlPath, timestamp, nonceStr, body), merchant.privateKey);
  return `${AUTH_SCHEMA} mchid="${merchant.mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`;
}

export interface ParsedAuthorization {
  mchid: string;
  nonceStr: string;
  signature: string;
  timestamp: string;
  serialNo: string;
}

export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields = new Map<string, string>();
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields.set(m[1], m[2]);
  const [mchid, nonceStr, signature, timestamp, serialNo] = [
    'mchid',
    'nonce_str',
    'signature',
    'timestamp',
    'serial_no',
  ].map((k) => fields.get(k));
  if (!mchid || !nonceStr || !signature || !timestamp || !serialNo) return null;
  return { mchid, nonceStr, signature, timestamp, serialNo };
}

/** The signature headers WeChat Pay puts on a notification (or a response). */
export interface SignedHeaders {
  'wechatpay-timestamp'?: string;
  'wechatpay-nonce'?: string;
  'wechatpay-signature'?: string;
  'wechatpay-serial'?: string;
}

export type SignatureVerdict =
  | { ok: true }
  | {
      ok: false;
      reason: 'missing headers' | 'signature probe' | 'unknown serial' | 'stale timestamp' | 'bad signature';
    };

/**
 * Checks a notification: every header present, not a SIGNTEST probe, the key named by the serial,
 * a timestamp within five minutes of `nowSeconds`, and the signature over the raw body.
 */
export function verifySignedBody(
  headers: SignedHeaders,
  rawBody: string,
  platformKeys: ReadonlyMap<string, KeyObject>,
  nowSeconds: number,
): SignatureVerdict {
  const timestamp = headers['wechatpay-timestamp'];
  const nonceStr = headers['wechatpay-nonce'];
  const signature = headers['wechatpay-signature'];
  const serial = headers['wechatpay-serial'];
  if (!timestamp || !nonceStr || !signature || !serial) return { ok: false, reason: 'missing headers' };
  if (signature.startsWith(SIGNTEST_PREFIX)) return { ok: false, reason: 'signature probe' };
  const key = platformKeys.get(serial);
  if (!key) return { ok: false, reason: 'unknown serial' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > NOTIFY_WINDOW_SECONDS) {
    return { ok: false, reason: 'stale timestamp' };
  }
  if (!rsaVerify(responseMessage(timestamp, nonceStr, rawBody), signature, key))
    return { ok: false, reason: 'bad signature' };
  return { ok: true };
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type: string;
}

/** AEAD_AES_256_GCM under the APIv3 key: base64(ciphertext ‖ 16-byte tag). */
export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  associatedData: string,
  originalType: string,
  nonceStr = randomBytes(6).toString('hex'),
): EncryptedResource {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonceStr, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: body.toString('base64'),
    associated_data: associatedData,
    nonce: nonceStr,
    original_type: originalType,
  };
}

/** The plaintext, or null when the tag does not check out (tampered, or another key). */
export function decryptResource(
  apiV3Key: string,
  resource: Pick<EncryptedResource, 'ciphertext' | 'associated_data' | 'nonce'> & { algorithm?: string },
): string | null {
  if (resource.algorithm !== undefined && resource.algorithm !== 'AEAD_AES_256_GCM') return null;
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) return null;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      Buffer.from(apiV3Key, 'utf8'),
      Buffer.from(resource.nonce, 'utf8'),
    );
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export interface JsapiPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** What the H5 page hands to WeixinJSBridge.invoke('getBrandWCPayRequest', …). */
export function jsapiPayParams(
  appId: string,
  prepayId: string,
  privateKey: KeyObject,
  timeStamp = String(Math.floor(Date.now() / 1000)),
  nonceStr = nonce(),
): JsapiPayParams {
  const pkg = `prepay_id=${prepayId}`;
  return {
    appId,
    timeStamp,
    nonceStr,
    package: pkg,
    signType: 'RSA',
    paySign: rsaSign(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, privateKey),
  };
}
