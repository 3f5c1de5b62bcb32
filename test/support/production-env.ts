import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A complete production environment, with readable (dummy) WeChat Pay key files. */
export function productionEnv(): Record<string, string> {
  const secrets = mkdtempSync(path.join(tmpdir(), 'shanchou-secrets-'));
  const key = path.join(secrets, 'apiclient_key.pem');
  const cert = path.join(secrets, 'wechatpay_cert.pem');
  const ledgerKey = path.join(secrets, 'ledger_ed25519.pem');
  writeFileSync(ledgerKey, '-----BEGIN PRIVATE KEY-----\n');
  writeFileSync(key, '-----BEGIN PRIVATE KEY-----\n');
  writeFileSync(cert, '-----BEGIN CERTIFICATE-----\n');
  return {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://app@db:5432/shanchou',
    REDIS_URL: 'redis://redis:6379',
    PUBLIC_BASE_URL: 'https://shanchou.example.cn',
    AUTH_TOKEN_SECRET: 'p'.repeat(40),
    LEDGER_SIGNING_KEY_PATH: ledgerKey,
    WECHAT_APP_ID: 'wx1234567890abcdef',
    WECHAT_APP_SECRET: 'secret-secret',
    WECHAT_OAUTH_BASE_URL: 'https://open.weixin.qq.com',
    WECHATPAY_BASE_URL: 'https://api.mch.weixin.qq.com',
    WECHATPAY_MCH_ID: '1900000109',
    WECHATPAY_MERCHANT_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: key,
    WECHATPAY_API_V3_KEY: 'a'.repeat(32),
    WECHATPAY_PLATFORM_CERT_PATH: cert,
    WECHAT_TEMPLATE_OUTREACH: 'tmpl-outreach-0123456789',
    TENCENTCLOUD_SECRET_ID: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    TENCENTCLOUD_SECRET_KEY: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    TENCENT_SMS_SDK_APP_ID: '1400006666',
    TENCENT_SMS_SIGN_NAME: '峄城善筹',
    TENCENT_SMS_TEMPLATE_VERIFY: '449739',
    // A single-server site keeps its uploads on its own disk; several servers set S3_* instead.
    FILES_DIR: path.join(secrets, 'files'),
  };
}
