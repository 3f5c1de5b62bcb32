import { AppConfig, PlatformKeySource } from '@shanchou/core';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** A 微信支付公钥's id starts so; anything else is a platform certificate's serial. */
export const PUBLIC_KEY_ID_PREFIX = 'PUB_KEY_ID_';

/**
 * One key WeChat Pay signs answers and notifications with, known by the serial its
 * Wechatpay-Serial header names: a 微信支付公钥 (`PUB_KEY_ID_…`, no expiry) or a platform
 * certificate (hex serial, valid for five years).
 */
export interface PlatformKey {
  serial: string;
  kind: 'public-key' | 'certificate';
  publicKey: KeyObject;
  /** A certificate's validity, when the file was a certificate. */
  validFrom?: Date;
  validTo?: Date;
}

export const isPublicKeyId = (serial: string): boolean => serial.startsWith(PUBLIC_KEY_ID_PREFIX);

/**
 * A configured key file: a platform certificate (serial read from it; a serial given beside it
 * must agree), or a public key PEM with its serial (a 微信支付公钥 `PUB_KEY_ID_…`, or a
 * certificate's key given with the certificate's serial).
 */
export function readPlatformKey(source: PlatformKeySource): PlatformKey {
  let pem: string;
  try {
    pem = readFileSync(source.path, 'utf8');
  } catch {
    throw new Error(`WeChat Pay platform key: cannot read the file ${source.path}`);
  }
  if (pem.includes('BEGIN CERTIFICATE')) {
    const cert = new X509Certificate(pem);
    const serial = cert.serialNumber.toUpperCase();
    if (source.serial && source.serial.toUpperCase() !== serial)
      throw new Error(
        `WeChat Pay platform key ${source.path}: the certificate's serial is ${serial}, not ${source.serial}`,
      );
    return rsa(source, {
      serial,
      kind: 'certificate',
      publicKey: cert.publicKey,
      validFrom: new Date(cert.validFrom),
      validTo: new Date(cert.validTo),
    });
  }
  if (!source.serial)
    throw new Error(
      `WeChat Pay platform key ${source.path} is a public key: give its serial (PUB_KEY_ID_…=${source.path})`,
    );
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
  } catch {
    throw new Error(`WeChat Pay platform key ${source.path} is neither a certificate nor a public key (PEM)`);
  }
  const serial = isPublicKeyId(source.serial) ? source.serial : source.serial.toUpperCase();
  return rsa(source, { serial, kind: isPublicKeyId(serial) ? 'public-key' : 'certificate', publicKey });
}

function rsa(source: PlatformKeySource, key: PlatformKey): PlatformKey {
  if (key.publicKey.asymmetricKeyType !== 'rsa')
    throw new Error(`WeChat Pay platform key ${source.path} is not an RSA key (WeChat Pay signs with RSA-2048)`);
  return key;
}

/**
 * The serial our requests name in Wechatpay-Serial, i.e. the key WeChat Pay will answer under:
 * the one the operator chose; else a 微信支付公钥 (WeChat's migration guide: once configured, ask
 * for it); else the certificate valid now that runs longest (after a renewal, the new one).
 */
export function chooseRequestSerial(keys: readonly PlatformKey[], now: Date, preferred?: string): string {
  if (preferred) return preferred;
  const publicKey = keys.find((k) => k.kind === 'public-key');
  if (publicKey) return publicKey.serial;
  const validNow = (k: PlatformKey) =>
    (!k.validFrom || k.validFrom <= now) && (!k.validTo || now < k.validTo) ? 1 : 0;
  const runsTo = (k: PlatformKey) => k.validTo?.getTime() ?? 0;
  const [best] = [...keys].sort((a, b) => validNow(b) - validNow(a) || runsTo(b) - runsTo(a));
  return best.serial;
}

/**
 * The merchant's and WeChat Pay's keys. In production they come from configuration (the
 * merchant's apiclient_key.pem, WeChat Pay's platform certificates and 微信支付公钥, the APIv3
 * key). In development a set is generated once under DATA_DIR and shared with the stand-in, which
 * then plays WeChat Pay with the platform certificate's private half.
 */
export class WechatPayKeys {
  /** Every trusted platform key by serial, as answers and notifications are verified. */
  readonly platformKeys: ReadonlyMap<string, KeyObject>;

  constructor(
    readonly mchid: string,
    readonly merchantSerial: string,
    readonly merchantPrivateKey: KeyObject,
    readonly platform: readonly PlatformKey[],
    readonly apiV3Key: string,
    /** WECHATPAY_REQUEST_SERIAL: the serial to ask answers under, instead of the chosen one. */
    private readonly preferredSerial?: string,
    /** Development only: what the stand-in needs to play WeChat Pay. */
    readonly sim?: { platformSerial: string; platformPrivateKey: KeyObject; merchantPublicKey: KeyObject },
  ) {
    if (platform.length === 0) throw new Error('WeChat Pay needs at least one platform key to verify answers with');
    const bySerial = new Map<string, KeyObject>();
    for (const key of platform) {
      if (bySerial.has(key.serial)) throw new Error(`WeChat Pay platform key ${key.serial} is configured twice`);
      bySerial.set(key.serial, key.publicKey);
    }
    if (preferredSerial && !bySerial.has(preferredSerial))
      throw new Error(
        `WECHATPAY_REQUEST_SERIAL ${preferredSerial} is none of the configured platform keys (${[...bySerial.keys()].join(', ')})`,
      );
    this.platformKeys = bySerial;
  }

  get merchantPublicKey(): KeyObject {
    return createPublicKey(this.merchantPrivateKey);
  }

  /** What our requests send as Wechatpay-Serial (see chooseRequestSerial). */
  requestSerial(now = new Date()): string {
    return chooseRequestSerial(this.platform, now, this.preferredSerial);
  }

  static load(config: AppConfig): WechatPayKeys {
    const w = config.wechat;
    const configured = w.platformKeys.map(readPlatformKey);
    if (w.merchantPrivateKeyPath && w.apiV3Key && w.mchId && w.merchantSerialNo) {
      if (configured.length === 0)
        throw new Error(
          'WeChat Pay platform keys are missing: set WECHATPAY_PLATFORM_KEYS (or WECHATPAY_PLATFORM_CERT_PATH)',
        );
      return new WechatPayKeys(
        w.mchId,
        w.merchantSerialNo,
        createPrivateKey(readFileSync(w.merchantPrivateKeyPath)),
        configured,
        w.apiV3Key,
        w.requestSerial,
      );
    }
    if (config.isProduction) throw new Error('WeChat Pay keys are missing: production never uses generated keys');
    return WechatPayKeys.development(config, configured);
  }

  /**
   * A key set for development and tests, generated once under DATA_DIR. The platform keys trusted
   * are the configured ones, if any (a test of a key migration names the stand-in's keys), else
   * the stand-in's certificate.
   */
  private static development(config: AppConfig, configured: PlatformKey[]): WechatPayKeys {
    const file = path.join(config.dataDir, 'wechatpay-dev-keys.json');
    type Stored = {
      mchid: string;
      merchantSerial: string;
      merchantKey: string;
      platformSerial: string;
      platformKey: string;
      apiV3Key: string;
    };
    let stored: Stored;
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
    } catch {
      const pem = () =>
        generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString();
      stored = {
        mchid: config.wechat.mchId ?? '1900000109',
        merchantSerial: randomBytes(20).toString('hex').toUpperCase(),
        merchantKey: pem(),
        platformSerial: randomBytes(20).toString('hex').toUpperCase(),
        platformKey: pem(),
        apiV3Key: randomBytes(16).toString('hex'),
      };
      mkdirSync(config.dataDir, { recursive: true });
      try {
        writeFileSync(file, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
      } catch {
        stored = JSON.parse(readFileSync(file, 'utf8')) as Stored; // another process was first
      }
    }
    const merchantPrivateKey = createPrivateKey(stored.merchantKey);
    const platformPrivateKey = createPrivateKey(stored.platformKey);
    const certificate: PlatformKey = {
      serial: stored.platformSerial,
      kind: 'certificate',
      publicKey: createPublicKey(platformPrivateKey),
    };
    return new WechatPayKeys(
      stored.mchid,
      stored.merchantSerial,
      merchantPrivateKey,
      configured.length > 0 ? configured : [certificate],
      stored.apiV3Key,
      config.wechat.requestSerial,
      {
        platformSerial: stored.platformSerial,
        platformPrivateKey,
        merchantPublicKey: createPublicKey(merchantPrivateKey),
      },
    );
  }
}
