import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { Public } from '@shanchou/core';
import { nonce, PUBLIC_KEY_ID_PREFIX, responseMessage, rsaSign, WechatPayKeys } from '@shanchou/wechatpay';
import type { FastifyReply } from 'fastify';
import { createPublicKey, generateKeyPairSync, KeyObject, randomBytes, randomInt } from 'node:crypto';

/** A key the stand-in signs with, as WeChat Pay holds it: its serial and both halves. */
export interface SimSigningKey {
  serial: string;
  kind: 'certificate' | 'public-key';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export type SimKeyMode = SimSigningKey['kind'];

/** What `GET {pay}/_sim/platform-keys` shows of a key: what a merchant downloads, never the private half. */
export interface SimKeyView {
  serial: string;
  kind: SimKeyMode;
  public_key: string;
  /** The share of notifications signed with it. */
  share: number;
}

/**
 * The keys WeChat Pay signs with for the merchant: the platform certificate of the development key
 * set, and at most one more being phased in, as WeChat does it (certificate → 微信支付公钥, or a
 * renewed certificate; the two changes never run at once). Answers are signed with the key the
 * request's Wechatpay-Serial names; notifications with the new key for its share, the certificate
 * for the rest.
 */
export class SimPlatformKeys {
  private own?: SimSigningKey;
  private added?: SimSigningKey;
  private share = 0;
  /** Notifications signed since the share was last set, and how many of them with the new key. */
  private counted = { sent: 0, withAdded: 0 };

  constructor(private readonly keys: WechatPayKeys) {}

  /** The development key set's platform certificate; with real merchant keys configured the stand-in cannot sign. */
  get certificate(): SimSigningKey {
    const sim = this.keys.sim;
    if (!sim) throw new Error('the stand-in needs the development key set');
    this.own ??= {
      serial: sim.platformSerial,
      kind: 'certificate',
      privateKey: sim.platformPrivateKey,
      publicKey: createPublicKey(sim.platformPrivateKey),
    };
    return this.own;
  }

  /**
   * Adds the new key of `mode` (once; later calls change only its share) and signs `share` of the
   * notifications from now on with it. Throws SimKeyConflict while the other change is under way.
   */
  phaseIn(mode: SimKeyMode, share: number): SimSigningKey {
    if (this.added && this.added.kind !== mode)
      throw new SimKeyConflict(
        this.added.kind === 'public-key'
          ? '正在进行平台证书切换微信支付公钥，不能同时更换平台证书'
          : '正在灰度更换新平台证书，请先完成或终止灰度流程',
      );
    this.added ??= newSigningKey(mode);
    this.share = share;
    this.counted = { sent: 0, withAdded: 0 };
    return this.added;
  }

  /**
   * The key an answer is signed with: the one the request's Wechatpay-Serial names; the
   * certificate when it names none; undefined for a serial WeChat Pay never issued.
   */
  forAnswer(requestSerial: string | undefined): SimSigningKey | undefined {
    if (requestSerial === undefined || requestSerial === '') return this.certificate;
    return this.all().find((k) => k.serial === requestSerial);
  }

  /**
   * The key the next notification is signed with. The share is kept exactly rather than by dice:
   * the n-th notification since the share was set goes to the new key when ⌈n·share⌉ grows, so
   * the first one after any share above 0 already does (0.1 %: the 1st, the 1001st, …).
   */
  forNotification(): SimSigningKey {
    if (!this.added) return this.certificate;
    this.counted.sent += 1;
    if (Math.ceil(this.counted.sent * this.share - 1e-9) > this.counted.withAdded) {
      this.counted.withAdded += 1;
      return this.added;
    }
    return this.certificate;
  }

  all(): SimSigningKey[] {
    return this.added ? [this.certificate, this.added] : [this.certificate];
  }

  views(): SimKeyView[] {
    return this.all().map((k) => ({
      serial: k.serial,
      kind: k.kind,
      public_key: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      share: k === this.added ? this.share : this.added ? 1 - this.share : 1,
    }));
  }
}

export class SimKeyConflict extends Error {}

function newSigningKey(kind: SimKeyMode): SimSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // 微信支付公钥 ids are PUB_KEY_ID_ and 32 digits; certificate serials 40 hex digits.
  const digits = Array.from({ length: 32 }, () => String(randomInt(10))).join('');
  const serial =
    kind === 'public-key' ? `${PUBLIC_KEY_ID_PREFIX}${digits}` : randomBytes(20).toString('hex').toUpperCase();
  return { serial, kind, privateKey, publicKey };
}

/** The signature headers of an answer or a notification, signed now with `key`. */
export function signWith(key: SimSigningKey, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonceStr = nonce();
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonceStr,
    'wechatpay-serial': key.serial,
    'wechatpay-signature': rsaSign(responseMessage(timestamp, nonceStr, body), key.privateKey),
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/**
 * Controls (development and tests only), under the pay base URL:
 * - GET  _sim/platform-keys: the keys WeChat Pay signs with: serial, kind, public PEM, share of notifications.
 * - POST _sim/platform-keys {"mode": "public-key" | "certificate", "share": 0..1}: adds a 微信支付公钥
 *   (PUB_KEY_ID_…) or a renewed certificate beside the platform certificate, and signs that share of
 *   notifications with it (1: all); answers follow each request's Wechatpay-Serial.
 */
@Public()
@Controller('_sim/platform-keys')
export class SimKeysController {
  constructor(@Inject(SimPlatformKeys) private readonly keys: SimPlatformKeys) {}

  @Get()
  list(): SimKeyView[] {
    return this.keys.views();
  }

  @Post()
  @HttpCode(200)
  phaseIn(@Body() body: { mode?: unknown; share?: unknown } | undefined, @Res() reply: FastifyReply): void {
    const fail = (status: number, message: string) => void reply.status(status).send({ code: 'PARAM_ERROR', message });
    const mode = body?.mode;
    if (mode !== 'public-key' && mode !== 'certificate') return fail(400, 'mode 必须为 public-key 或 certificate');
    const share = body?.share;
    if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1)
      return fail(400, 'share 必须为 0 到 1 之间的数');
    try {
      this.keys.phaseIn(mode, share);
    } catch (err) {
      if (err instanceof SimKeyConflict) return fail(409, err.message);
      throw err;
    }
    void reply.status(200).send(this.keys.views());
  }
}
