import * as path from 'node:path';
import {
  ConfigError,
  Environment,
  LogLevel,
  NodeEnv,
  NotifierKind,
  parseEnvironment,
  parsePlatformKeyList,
  PlatformKeySource,
  ProcessRole,
} from './environment';

export type DatabaseConfig = { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };

export interface WechatConfig {
  appId: string;
  appSecret: string;
  oauthBaseUrl: string;
  /** The page the donor's browser is sent to for a code (WeChat's open.weixin.qq.com in production). */
  oauthAuthorizeUrl: string;
  payBaseUrl: string;
  mchId?: string;
  merchantSerialNo?: string;
  merchantPrivateKeyPath?: string;
  apiV3Key?: string;
  /**
   * Every key WeChat Pay may sign answers and notifications with (WECHATPAY_PLATFORM_CERT_PATH
   * first, then WECHATPAY_PLATFORM_KEYS); none: the development key set's certificate.
   */
  platformKeys: PlatformKeySource[];
  /** The serial requests name in Wechatpay-Serial; unset: chosen from platformKeys. */
  requestSerial?: string;
  /** WeChat's server API (cgi-bin): access tokens and template messages. */
  apiBaseUrl: string;
  /** Template id of outreach notices (活动提醒). */
  outreachTemplateId: string;
  /** The stand-in only: how long a refund stays PROCESSING before it settles. */
  simRefundSettleMs: number;
}

/** Tencent Cloud SMS (腾讯云短信): where SendSms goes, the API key that signs it, the application, signature and template. */
export interface SmsConfig {
  baseUrl: string;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  /** Template id of verification codes: {1} the code, {2} the minutes it is valid. */
  verifyTemplateId: string;
}

/** How background jobs are retried and watched (the outbox is the truth, Redis a cache of it). */
export interface JobsConfig {
  backoffBaseMs: number;
  backoffCeilingMs: number;
  /** The relay looks again at a handed-over row after this long: re-drives it if its job is gone. */
  leaseSeconds: number;
  redeclareSeconds: number;
  /** A worker's hold on a job without renewal: a killed worker's jobs run again after two to three times this. */
  lockSeconds: number;
}

/** Where uploaded files are kept: a directory, or an S3-compatible bucket. */
export type FileStoreConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      endpoint?: string;
      bucket: string;
      region: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
    };

/** WeChat's own authorise page (网页授权), where production sends donors for a code. */
export const WECHAT_AUTHORIZE_URL = 'https://open.weixin.qq.com/connect/oauth2/authorize';

/** The 监督电话 of public notices outside production (a made-up number of the 0632 Zaozhuang area). */
export const DEMO_SUPERVISION_PHONE = '0632-7700000';

/** Tencent Cloud SMS's endpoint (API 3.0, nearest region). */
export const TENCENT_SMS_URL = 'https://sms.tencentcloudapi.com';

/** What the SMS stand-in accepts outside production (made up: no such key exists at Tencent). */
export const DEMO_SMS = {
  secretId: 'AKIDshanchouDemoSmsSecretId000000000',
  secretKey: 'shanchou-demo-sms-secret-key',
  sdkAppId: '1400000000',
  signName: '善筹',
  verifyTemplateId: '1000001',
} as const;

/** The validated, typed configuration every module receives by injection. */
export class AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly redisUrl?: string;
  readonly redisPrefix: string;
  readonly logLevel: LogLevel;
  /** Processors and the outbox relay run in this process. */
  readonly runJobs: boolean;
  /** Embedded mode: PGlite and in-process jobs, the whole platform in one process. */
  readonly embedded: boolean;
  readonly seedDemo: boolean;
  readonly shutdownTimeoutMs: number;
  /** One log line per this window for refusals that come in bursts (LogLimiter). */
  readonly logBurstWindowMs: number;
  readonly publicBaseUrl: string;
  /** Fastify's trustProxy: which proxies may tell the client address. */
  readonly trustProxy: boolean | number | string[];
  /** Undefined: generate one and keep it under DATA_DIR (development only; production requires it). */
  readonly authTokenSecret?: string;
  readonly corsOrigins: string[];
  /** Undefined: generate one under DATA_DIR (development only; production requires it). */
  readonly ledgerSigningKeyPath?: string;
  /** The sequencer: how often it looks (0: not in this process) and its largest batch. */
  readonly ledger: { mergeIntervalMs: number; batchSize: number };
  readonly rateLimitPerMinute: number;
  readonly paymentWindowSeconds: number;
  /** Offline remittances above this (fen) are confirmed by a second district admin. */
  readonly offlineSecondPersonFen: number;
  /** After a refund is requested, how long until its refund query first asks WeChat Pay. */
  readonly refundQueryDelaySeconds: number;
  readonly jobs: JobsConfig;
  readonly wechat: WechatConfig;
  /** How volunteers are told about their events. */
  readonly notifier: NotifierKind;
  /** Text messages to donors' phones (verification codes). */
  readonly sms: SmsConfig;
  /** Uploaded files (images, attachments, official receipts). */
  readonly fileStore: FileStoreConfig;
  /** Project funds: the supervision phone (监督电话) of public notices, null when none is set in production. */
  readonly funds: { supervisionPhone: string | null; noticeDayMs: number };

  constructor(env: Environment) {
    this.nodeEnv = env.NODE_ENV;
    this.isProduction = env.NODE_ENV === 'production';
    this.port = env.PORT;
    this.host = env.HOST;
    this.dataDir = path.resolve(env.DATA_DIR);
    this.database = env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(this.dataDir, 'pglite') };
    this.redisUrl = env.REDIS_URL;
    this.redisPrefix = env.REDIS_PREFIX;
    this.logLevel = env.LOG_LEVEL;
    this.runJobs = env.RUN_JOBS ?? env.REDIS_URL === undefined;
    this.embedded = env.DATABASE_URL === undefined;
    this.seedDemo = !this.isProduction && (env.SEED_DEMO ?? this.embedded);
    this.shutdownTimeoutMs = env.SHUTDOWN_TIMEOUT_MS;
    this.logBurstWindowMs = env.LOG_BURST_WINDOW_MS;
    this.publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
    this.trustProxy = parseTrustProxy(env.TRUST_PROXY);
    this.authTokenSecret = env.AUTH_TOKEN_SECRET;
    this.corsOrigins = env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((o) => o.trim().replace(/\/$/, '')) : [];
    this.rateLimitPerMinute = env.RATE_LIMIT_PER_MINUTE;
    this.paymentWindowSeconds = env.PAYMENT_WINDOW_SECONDS;
    this.offlineSecondPersonFen = env.OFFLINE_SECOND_PERSON_FEN;
    this.refundQueryDelaySeconds = env.REFUND_QUERY_DELAY_SECONDS;
    this.jobs = {
      backoffBaseMs: env.JOB_BACKOFF_BASE_MS,
      backoffCeilingMs: Math.max(env.JOB_BACKOFF_CEILING_MS, env.JOB_BACKOFF_BASE_MS),
      leaseSeconds: env.OUTBOX_LEASE_SECONDS,
      redeclareSeconds: env.SCHEDULES_REDECLARE_SECONDS,
      lockSeconds: env.JOB_LOCK_SECONDS,
    };
    this.ledgerSigningKeyPath = env.LEDGER_SIGNING_KEY_PATH;
    this.ledger = { mergeIntervalMs: env.LEDGER_MERGE_INTERVAL_MS, batchSize: env.LEDGER_BATCH_SIZE };
    const sim = `${this.publicBaseUrl}/wechat-sim`;
    const oauthBaseUrl = (env.WECHAT_OAUTH_BASE_URL ?? sim).replace(/\/$/, '');
    this.wechat = {
      appId: env.WECHAT_APP_ID ?? 'wxshanchoudemo01',
      // The stand-in's secret; production requires the real one.
      appSecret: env.WECHAT_APP_SECRET ?? 'shanchou-demo-app-secret',
      oauthBaseUrl,
      // WeChat serves the authorise page and the token API on different hosts; the stand-in on one.
      oauthAuthorizeUrl:
        env.WECHAT_OAUTH_AUTHORIZE_URL ??
        (this.isProduction ? WECHAT_AUTHORIZE_URL : `${oauthBaseUrl}/connect/oauth2/authorize`),
      payBaseUrl: (env.WECHATPAY_BASE_URL ?? sim).replace(/\/$/, ''),
      mchId: env.WECHATPAY_MCH_ID,
      merchantSerialNo: env.WECHATPAY_MERCHANT_SERIAL_NO,
      merchantPrivateKeyPath: env.WECHATPAY_MERCHANT_PRIVATE_KEY_PATH,
      apiV3Key: env.WECHATPAY_API_V3_KEY,
      platformKeys: [
        ...(env.WECHATPAY_PLATFORM_CERT_PATH
          ? [{ path: env.WECHATPAY_PLATFORM_CERT_PATH, serial: env.WECHATPAY_PLATFORM_KEY_ID }]
          : []),
        ...parsePlatformKeyList(env.WECHATPAY_PLATFORM_KEYS),
      ],
      requestSerial: env.WECHATPAY_REQUEST_SERIAL,
      apiBaseUrl: (env.WECHAT_API_BASE_URL ?? (this.isProduction ? 'https://api.weixin.qq.com' : sim)).replace(
        /\/$/,
        '',
      ),
      // The stand-in accepts any id; production requires the official account's own.
      outreachTemplateId: env.WECHAT_TEMPLATE_OUTREACH ?? 'sim-outreach-notice-template',
      simRefundSettleMs: env.WECHAT_SIM_REFUND_SETTLE_MS,
    };
    this.notifier = env.NOTIFIER ?? (this.isProduction ? 'wechat' : 'log');
    this.sms = {
      baseUrl: (env.TENCENT_SMS_BASE_URL ?? (this.isProduction ? TENCENT_SMS_URL : `${sim}/tencent-sms`)).replace(
        /\/$/,
        '',
      ),
      // The stand-in's key, application, signature and template; production requires the real ones.
      secretId: env.TENCENTCLOUD_SECRET_ID ?? DEMO_SMS.secretId,
      secretKey: env.TENCENTCLOUD_SECRET_KEY ?? DEMO_SMS.secretKey,
      sdkAppId: env.TENCENT_SMS_SDK_APP_ID ?? DEMO_SMS.sdkAppId,
      signName: env.TENCENT_SMS_SIGN_NAME ?? DEMO_SMS.signName,
      verifyTemplateId: env.TENCENT_SMS_TEMPLATE_VERIFY ?? DEMO_SMS.verifyTemplateId,
    };
    this.fileStore = env.S3_BUCKET
      ? {
          kind: 's3',
          endpoint: env.S3_ENDPOINT,
          bucket: env.S3_BUCKET,
          region: env.S3_REGION ?? 'us-east-1',
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
          forcePathStyle: env.S3_FORCE_PATH_STYLE ?? false,
        }
      : { kind: 'local', dir: path.resolve(env.FILES_DIR ?? path.join(this.dataDir, 'files')) };
    this.funds = {
      supervisionPhone: env.FUNDS_SUPERVISION_PHONE ?? (this.isProduction ? null : DEMO_SUPERVISION_PHONE),
      noticeDayMs: env.FUNDS_NOTICE_DAY_SECONDS * 1000,
    };
  }

  /** The one place that reads the process environment. */
  static fromProcessEnv(overrides: Record<string, string | undefined> = {}, role: ProcessRole = 'server'): AppConfig {
    return new AppConfig(parseEnvironment({ ...process.env, ...overrides }, role));
  }

  static from(vars: Record<string, string | undefined>, role: ProcessRole = 'server'): AppConfig {
    return new AppConfig(parseEnvironment(vars, role));
  }
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim());
}

/** For entry points: the configuration, or the list of what is wrong on stderr and exit code 1. */
export function loadConfigOrExit(
  overrides: Record<string, string | undefined> = {},
  role: ProcessRole = 'server',
): AppConfig {
  try {
    return AppConfig.fromProcessEnv(overrides, role);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
