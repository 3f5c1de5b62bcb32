import { AppConfig } from '@shanchou/core';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chooseRequestSerial, PlatformKey, readPlatformKey, WechatPayKeys } from './wechatpay-keys';

/** A platform certificate as WeChat Pay issues them (a test fixture, valid 2026-2126). */
const CERT = path.join(__dirname, 'fixtures', 'platform-cert.pem');
const CERT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const PUB_KEY_ID = 'PUB_KEY_ID_0114232021092800000000000000000001';

const dir = mkdtempSync(path.join(tmpdir(), 'shanchou-wechatpay-keys-'));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};
const PUB_KEY = file('pub_key.pem', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString());
const MERCHANT_KEY = file('apiclient_key.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

describe('WeChat Pay platform keys: reading the configured files', () => {
  it('reads a platform certificate with the serial and validity it carries', () => {
    const key = readPlatformKey({ path: CERT });
    expect(key).toMatchObject({ serial: CERT_SERIAL, kind: 'certificate' });
    expect(key.validTo!.getUTCFullYear()).toBeGreaterThanOrEqual(2126);
    expect(readPlatformKey({ path: CERT, serial: CERT_SERIAL.toLowerCase() }).serial).toBe(CERT_SERIAL);
  });

  it('refuses a certificate given with another serial', () => {
    expect(() => readPlatformKey({ path: CERT, serial: 'ABCDEF0123456789' })).toThrow(
      /certificate's serial is 5157F09E.*not ABCDEF0123456789/,
    );
  });

  it('reads a 微信支付公钥 by its PUB_KEY_ID_, and a bare certificate key by a hex serial', () => {
    expect(readPlatformKey({ path: PUB_KEY, serial: PUB_KEY_ID })).toMatchObject({
      serial: PUB_KEY_ID,
      kind: 'public-key',
    });
    expect(readPlatformKey({ path: PUB_KEY, serial: 'abcdef0123456789' })).toMatchObject({
      serial: 'ABCDEF0123456789',
      kind: 'certificate',
    });
  });

  it('refuses a public key without its serial, a file that is no key, a key that is not RSA, a missing file', () => {
    expect(() => readPlatformKey({ path: PUB_KEY })).toThrow(/is a public key: give its serial \(PUB_KEY_ID_/);
    expect(() => readPlatformKey({ path: file('junk.pem', 'hello'), serial: PUB_KEY_ID })).toThrow(
      /neither a certificate nor a public key/,
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
    const ecFile = file('ec.pem', ec.export({ type: 'spki', format: 'pem' }).toString());
    expect(() => readPlatformKey({ path: ecFile, serial: PUB_KEY_ID })).toThrow(/not an RSA key/);
    expect(() => readPlatformKey({ path: path.join(dir, 'nowhere.pem') })).toThrow(/cannot read the file/);
  });
});

describe('WeChat Pay platform keys: which serial requests name', () => {
  const publicKey = rsa.publicKey;
  const cert = (serial: string, from: string, to: string): PlatformKey => ({
    serial,
    kind: 'certificate',
    publicKey,
    validFrom: new Date(from),
    validTo: new Date(to),
  });
  const old = cert('0A0A0A0A', '2021-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
  const current = cert('0B0B0B0B', '2022-06-01T00:00:00Z', '2027-06-01T00:00:00Z');
  const renewed = cert('0C0C0C0C', '2026-12-01T00:00:00Z', '2031-12-01T00:00:00Z');
  const pub: PlatformKey = { serial: PUB_KEY_ID, kind: 'public-key', publicKey };
  const at = (iso: string) => new Date(iso);

  it('asks for the 微信支付公钥 as soon as one is configured, wherever it is listed', () => {
    expect(chooseRequestSerial([current, pub], at('2026-12-02T00:00:00Z'))).toBe(PUB_KEY_ID);
    expect(chooseRequestSerial([pub, current], at('2026-12-02T00:00:00Z'))).toBe(PUB_KEY_ID);
  });

  it('without one, asks for the certificate valid now that runs longest: the renewed one once it has begun', () => {
    expect(chooseRequestSerial([old, current, renewed], at('2026-11-30T00:00:00Z'))).toBe('0B0B0B0B');
    expect(chooseRequestSerial([old, current, renewed], at('2026-12-02T00:00:00Z'))).toBe('0C0C0C0C');
    expect(chooseRequestSerial([renewed, old], at('2025-06-01T00:00:00Z'))).toBe('0A0A0A0A');
  });

  it('keeps the operator’s choice (WECHATPAY_REQUEST_SERIAL) above all', () => {
    expect(chooseRequestSerial([current, pub], at('2026-12-02T00:00:00Z'), '0B0B0B0B')).toBe('0B0B0B0B');
  });
});

describe('WechatPayKeys', () => {
  const merchant = rsa.privateKey;
  const key = (serial: string, publicKey: KeyObject = rsa.publicKey): PlatformKey => ({
    serial,
    kind: serial.startsWith('PUB_KEY_ID_') ? 'public-key' : 'certificate',
    publicKey,
  });

  it('trusts every configured key by its serial', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const keys = new WechatPayKeys('1900000109', 'AB12', merchant, [key(CERT_SERIAL), key(PUB_KEY_ID, other)], 'k');
    expect([...keys.platformKeys.keys()]).toEqual([CERT_SERIAL, PUB_KEY_ID]);
    expect(keys.platformKeys.get(PUB_KEY_ID)).toBe(other);
    expect(keys.requestSerial()).toBe(PUB_KEY_ID);
  });

  it('refuses no key, a serial twice, and a request serial it does not hold', () => {
    expect(() => new WechatPayKeys('1900000109', 'AB12', merchant, [], 'k')).toThrow(/at least one platform key/);
    expect(() => new WechatPayKeys('1900000109', 'AB12', merchant, [key(PUB_KEY_ID), key(PUB_KEY_ID)], 'k')).toThrow(
      /configured twice/,
    );
    expect(() => new WechatPayKeys('1900000109', 'AB12', merchant, [key(CERT_SERIAL)], 'k', PUB_KEY_ID)).toThrow(
      /WECHATPAY_REQUEST_SERIAL PUB_KEY_ID_\d+ is none of the configured platform keys/,
    );
  });

  it('loads a production key set: the certificate variable and the list together', () => {
    const keys = WechatPayKeys.load(
      AppConfig.from({
        DATA_DIR: dir,
        WECHATPAY_MCH_ID: '1900000109',
        WECHATPAY_MERCHANT_SERIAL_NO: 'AB12CD34',
        WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: MERCHANT_KEY,
        WECHATPAY_API_V3_KEY: 'a'.repeat(32),
        WECHATPAY_PLATFORM_CERT_PATH: CERT,
        WECHATPAY_PLATFORM_KEYS: `${PUB_KEY_ID}=${PUB_KEY}`,
      }),
    );
    expect(keys.platform.map((k) => [k.serial, k.kind])).toEqual([
      [CERT_SERIAL, 'certificate'],
      [PUB_KEY_ID, 'public-key'],
    ]);
    expect(keys.requestSerial()).toBe(PUB_KEY_ID);
    expect(keys.sim).toBeUndefined();
  });

  it('in development trusts the stand-in’s certificate, or the keys configured instead', () => {
    const plain = WechatPayKeys.load(AppConfig.from({ DATA_DIR: dir }));
    expect(plain.platform).toHaveLength(1);
    expect(plain.requestSerial()).toBe(plain.sim!.platformSerial);
    const both = WechatPayKeys.load(
      AppConfig.from({
        DATA_DIR: dir,
        WECHATPAY_PLATFORM_KEYS: `${plain.sim!.platformSerial}=${PUB_KEY},${PUB_KEY_ID}=${PUB_KEY}`,
      }),
    );
    expect(both.merchantSerial).toBe(plain.merchantSerial);
    expect([...both.platformKeys.keys()]).toEqual([plain.sim!.platformSerial, PUB_KEY_ID]);
    expect(both.requestSerial()).toBe(PUB_KEY_ID);
  });

  it('refuses merchant keys without any platform key', () => {
    expect(() =>
      WechatPayKeys.load(
        AppConfig.from({
          DATA_DIR: dir,
          WECHATPAY_MCH_ID: '1900000109',
          WECHATPAY_MERCHANT_SERIAL_NO: 'AB12CD34',
          WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: MERCHANT_KEY,
          WECHATPAY_API_V3_KEY: 'a'.repeat(32),
        }),
      ),
    ).toThrow(/platform keys are missing/);
  });
});
