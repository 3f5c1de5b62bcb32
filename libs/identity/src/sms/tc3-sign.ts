import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * TC3-HMAC-SHA256, the request signature of Tencent Cloud API 3.0 (签名方法 v3), as Tencent
 * documents it: a canonical request over the content-type and host headers and the hashed body,
 * a string to sign scoped to the UTC date and the service, and a key derived from the SecretKey
 * through that date and service. The client signs with it; the stand-in checks with it.
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
export const TC3_SIGNED_HEADERS = 'content-type;host';
export const TC3_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface Tc3SignInput {
  secretId: string;
  secretKey: string;
  /** The product, as in its host name: `sms` for sms.tencentcloudapi.com. */
  service: string;
  /** The Host the request is sent to (lower-cased here, as the canonical headers want it). */
  host: string;
  /** X-TC-Timestamp: Unix seconds. */
  timestamp: number;
  /** The exact bytes of the body that goes on the wire. */
  payload: string | Buffer;
  /** The Content-Type sent; it must be the one signed, charset and all. */
  contentType?: string;
}

export interface Tc3Signature {
  canonicalRequest: string;
  credentialScope: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

/** The UTC date of a timestamp: the credential scope is a UTC day, so 00:30 in Beijing is still yesterday. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Signs a POST to `/` with an empty query string, the only form API 3.0 JSON calls take. */
export function tc3Sign(input: Tc3SignInput): Tc3Signature {
  const contentType = (input.contentType ?? TC3_CONTENT_TYPE).trim().toLowerCase();
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${contentType}\nhost:${input.host.trim().toLowerCase()}\n`,
    TC3_SIGNED_HEADERS,
    sha256Hex(input.payload),
  ].join('\n');
  const date = tc3Date(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [TC3_ALGORITHM, String(input.timestamp), credentialScope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const secretDate = hmac(`TC3${input.secretKey}`, date);
  const secretService = hmac(secretDate, input.service);
  const secretSigning = hmac(secretService, 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
  const authorization =
    `${TC3_ALGORITHM} Credential=${input.secretId}/${credentialScope}, ` +
    `SignedHeaders=${TC3_SIGNED_HEADERS}, Signature=${signature}`;
  return { canonicalRequest, credentialScope, stringToSign, signature, authorization };
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string;
  signature: string;
}

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** The parts of an Authorization header, or undefined when it is not a TC3-HMAC-SHA256 one. */
export function parseTc3Authorization(header: string | undefined): Tc3Authorization | undefined {
  const m = header ? AUTHORIZATION.exec(header) : null;
  if (!m) return undefined;
  const [, secretId = '', date = '', service = '', signedHeaders = '', signature = ''] = m;
  return { secretId, date, service, signedHeaders, signature };
}

/** Compares two hex signatures in constant time. */
export function tc3SignatureEquals(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
