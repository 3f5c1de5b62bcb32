import { AppConfig } from '@shanchou/core';
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

/**
 * The merchant's and WeChat Pay's keys. In production they come from configuration (the
 * merchant's apiclient_key.pem, WeChat Pay's platform certificate, the APIv3 key). In development
 * a set is generated once under DATA_DIR and shared with the stand-in, which then plays WeChat
 * Pay with the platform's private half.
 */
export class WechatPayKeys {
  constructor(
    readonly mchid: string,
    readonly merchantSerial: string,
    readonly merchantPrivateKey: KeyObject,
    readonly platformSerial: string,
    readonly platformPublicKey: KeyObject,
    readonly apiV3Key: string,
    /** Development only: what the stand-in needs to play WeChat Pay. */
    readonly sim?: { platformPrivateKey: KeyObject; merchantPublicKey: KeyObject },
  ) {}

  get merchantPublicKey(): KeyObject {
    return createPublicKey(this.merchantPrivateKey);
  }

  /** Platform keys by serial, as notification verification looks them up. */
  get platformKeys(): ReadonlyMap<string, KeyObject> {
    return new Map([[this.platformSerial, this.platformPublicKey]]);
  }

  static load(config: AppConfig): WechatPayKeys {
    const w = config.wechat;
    if (w.merchantPrivateKeyPath && w.platformCertPath && w.apiV3Key && w.mchId && w.merchantSerialNo) {
      const pem = readFileSync(w.platformCertPath, 'utf8');
      const isCert = pem.includes('BEGIN CERTIFICATE');
      const platformPublicKey = isCert ? new X509Certificate(pem).publicKey : createPublicKey(pem);
      const platformSerial = isCert ? new X509Certificate(pem).serialNumber.toUpperCase() : (w.platformKeyId ?? '');
      if (!platformSerial)
        throw new Error(
          'WECHATPAY_PLATFORM_KEY_ID is required when WECHATPAY_PLATFORM_CERT_PATH holds a public key, not a certificate',
        );
      return new WechatPayKeys(
        w.mchId,
        w.merchantSerialNo,
        createPrivateKey(readFileSync(w.merchantPrivateKeyPath)),
        platformSerial,
        platformPublicKey,
        w.apiV3Key,
      );
    }
    if (config.isProduction) throw new Error('WeChat Pay keys are missing: production never uses generated keys');
    return WechatPayKeys.development(config);
  }

  /** A key set for development and tests, generated once under DATA_DIR. */
  private static development(config: AppConfig): WechatPayKeys {
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
    return new WechatPayKeys(
      stored.mchid,
      stored.merchantSerial,
      merchantPrivateKey,
      stored.platformSerial,
      createPublicKey(platformPrivateKey),
      stored.apiV3Key,
      {
        platformPrivateKey,
        merchantPublicKey: createPublicKey(merchantPrivateKey),
      },
    );
  }
}
