import { Transform, plainToInstance } from 'class-transformer';
import { accessSync, constants, statSync } from 'node:fs';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidationError,
  validateSync,
} from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NOTIFIERS = ['log', 'wechat'] as const;
export type NotifierKind = (typeof NOTIFIERS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};

const DB_URL = { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true };
const REDIS_URL = { protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true };
const HTTP_URL = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

/** A WeChat Pay platform key's serial: a 微信支付公钥 id, or a platform certificate's hex serial. */
const SERIAL_FORM = /^(PUB_KEY_ID_\w{1,64}|[0-9A-Fa-f]{8,64})$/;
const PLATFORM_KEY_ENTRY = '\\s*((PUB_KEY_ID_\\w{1,64}|[0-9A-Fa-f]{8,64})=)?[^,=\\s][^,=]*';
const PLATFORM_KEYS_FORM = new RegExp(`^${PLATFORM_KEY_ENTRY}(,${PLATFORM_KEY_ENTRY})*$`);

/** One configured platform key: a file, with the serial it is known by when the file does not say. */
export interface PlatformKeySource {
  path: string;
  serial?: string;
}

/** The entries of WECHATPAY_PLATFORM_KEYS (already checked against its form). */
export function parsePlatformKeyList(list: string | undefined): PlatformKeySource[] {
  return (list?.split(',') ?? []).map((entry) => {
    const at = entry.indexOf('=');
    return at < 0 ? { path: entry.trim() } : { path: entry.slice(at + 1).trim(), serial: entry.slice(0, at).trim() };
  });
}

/**
 * The process environment as the platform reads it. Every variable is declared and validated here,
 * once, at boot; nothing else reads process.env (STYLE.md habit 6).
 */
export class Environment {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsUrl(DB_URL, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @Min(1)
  @Max(200)
  @IsInt()
  DATABASE_POOL_SIZE = 10;

  @IsOptional()
  @IsUrl(REDIS_URL, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Run the job processors and the outbox relay in this process. Defaults to on without REDIS_URL. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  RUN_JOBS?: boolean;

  /** Load the demo seed at start. Defaults to on in embedded mode (no DATABASE_URL). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @Transform(toInt)
  @Min(0)
  @IsInt()
  SHUTDOWN_TIMEOUT_MS = 15000;

  /**
   * Refusals anyone can send at any rate (forged WeChat Pay notifications, requests while Redis or
   * PostgreSQL is down) are logged one line per this many milliseconds, with a count.
   */
  @Transform(toInt)
  @Min(50)
  @Max(3_600_000)
  @IsInt()
  LOG_BURST_WINDOW_MS = 10_000;

  /**
   * Which proxies to believe about the client address (X-Forwarded-For): `false` (default),
   * `true` (not in production), a hop count, or a comma-separated list of addresses or CIDR ranges.
   */
  @IsOptional()
  @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F:./]+(\s*,\s*[0-9a-fA-F:./]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses',
  })
  TRUST_PROXY?: string;

  /**
   * Signs session tokens (HMAC-SHA256). Required in production; in development one is generated
   * once and kept under DATA_DIR.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_TOKEN_SECRET must be at least 32 characters' })
  AUTH_TOKEN_SECRET?: string;

  /**
   * The Ed25519 private key (PKCS#8 PEM) that signs ledger tree heads. Required in production;
   * in development one is generated once and kept under DATA_DIR.
   */
  @IsOptional()
  @IsString()
  LEDGER_SIGNING_KEY_PATH?: string;

  /**
   * How often the ledger's sequencer looks for queued entries (a full batch is followed at once by
   * the next): the maximum merge delay is about this plus one batch. 0: this process never
   * integrates (tests integrate by hand); processes that run jobs integrate, one at a time.
   */
  @Transform(toInt)
  @Min(0)
  @Max(10_000)
  @IsInt()
  LEDGER_MERGE_INTERVAL_MS = 200;

  /** The most entries one sequencer batch integrates (one transaction, a few statements). */
  @Transform(toInt)
  @Min(1)
  @Max(50_000)
  @IsInt()
  LEDGER_BATCH_SIZE = 5000;

  /** Browser origins allowed to call the API (CORS), comma-separated; none when unset. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;

  /** Prefix of every Redis key the platform writes (queues, limits), so installations can share a server. */
  @Matches(/^[\w.-]{1,40}$/, { message: 'REDIS_PREFIX must be 1-40 letters, digits, ".", "_" or "-"' })
  REDIS_PREFIX = 'shanchou';

  /** How long a donor has to pay a WeChat Pay order before it is queried and closed. */
  @Transform(toInt)
  @Min(1)
  @Max(7200)
  @IsInt()
  PAYMENT_WINDOW_SECONDS = 1800;

  /**
   * 线下汇款 above this many fen need a second district admin's confirmation before their gifts
   * count (internal control: the one who records is not the one who confirms). 0: every one.
   */
  @Transform(toInt)
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  @IsInt()
  OFFLINE_SECOND_PERSON_FEN = 1_000_000;

  /**
   * How long after a refund is requested (or sent again) its refund query first asks WeChat Pay
   * where it stands, should no notification have come (WeChat advises about a minute).
   */
  @Transform(toInt)
  @Min(1)
  @Max(86_400)
  @IsInt()
  REFUND_QUERY_DELAY_SECONDS = 60;

  /** The WeChat stand-in only (never production): how long a refund stays PROCESSING before it settles. */
  @Transform(toInt)
  @Min(0)
  @Max(86_400_000)
  @IsInt()
  WECHAT_SIM_REFUND_SETTLE_MS = 5000;

  /** A failing job's first wait before it is tried again; each wait doubles, up to the ceiling. */
  @Transform(toInt)
  @Min(10)
  @Max(600_000)
  @IsInt()
  JOB_BACKOFF_BASE_MS = 1000;

  /** The longest wait between two tries of a failing job (it keeps trying for as long as its kind needs). */
  @Transform(toInt)
  @Min(100)
  @Max(3_600_000)
  @IsInt()
  JOB_BACKOFF_CEILING_MS = 300_000;

  /**
   * How long the queue holds a job before the outbox relay looks at it again: a job Redis lost
   * (a restart without persistence, an eviction) is handed over again after at most this long.
   */
  @Transform(toInt)
  @Min(1)
  @Max(3600)
  @IsInt()
  OUTBOX_LEASE_SECONDS = 60;

  /**
   * How long a worker's hold on a job lasts without renewal (BullMQ's lockDuration; a live worker
   * renews it every half of this): a worker killed mid-job gives its jobs back to the queue after
   * two to three times this long (the lock runs out, then the stalled check sees it twice). A
   * job that keeps the event loop busy for longer is taken for dead.
   */
  @Transform(toInt)
  @Min(1)
  @Max(600)
  @IsInt()
  JOB_LOCK_SECONDS = 30;

  /** How often repeating schedules are declared again, so a Redis that lost them gets them back. */
  @Transform(toInt)
  @Min(1)
  @Max(3600)
  @IsInt()
  SCHEDULES_REDECLARE_SECONDS = 60;

  /** Requests per minute one client address may send to /graphql. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  RATE_LIMIT_PER_MINUTE = 600;

  /** The address donors and WeChat reach this server at; defaults to http://localhost:PORT. */
  @IsOptional()
  @IsUrl(HTTP_URL)
  PUBLIC_BASE_URL?: string;

  // --- Uploaded files (images, attachments, official receipts) --------------------------------
  /**
   * Keep uploaded files in this directory (default DATA_DIR/files). In production either this, for
   * a single-server site, or the S3_* variables: several API processes must share one store.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  FILES_DIR?: string;

  /** An S3-compatible endpoint (Aliyun OSS, Tencent COS, MinIO); unset with S3_BUCKET: AWS's own. */
  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'S3_ENDPOINT must be an http(s):// URL' })
  S3_ENDPOINT?: string;

  /** The bucket of uploaded files; setting it selects S3 storage. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, "." or "-")',
  })
  S3_BUCKET?: string;

  @IsOptional()
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'S3_REGION must be a region name such as cn-hangzhou or us-east-1' })
  S3_REGION?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style URLs (http://host/bucket/key), as MinIO wants; OSS and COS want virtual hosts (false). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;

  // --- WeChat official account (OAuth) and WeChat Pay API v3 ---------------------------------
  @IsOptional()
  @Matches(/^wx[0-9a-zA-Z]{6,30}$/, { message: 'WECHAT_APP_ID must look like wx followed by letters and digits' })
  WECHAT_APP_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  WECHAT_APP_SECRET?: string;

  @IsOptional()
  @IsUrl(HTTP_URL)
  WECHAT_OAUTH_BASE_URL?: string;

  /**
   * Where the H5 page sends a donor to authorise (网页授权): WeChat's
   * https://open.weixin.qq.com/connect/oauth2/authorize in production, the stand-in otherwise.
   */
  @IsOptional()
  @IsUrl(HTTP_URL)
  WECHAT_OAUTH_AUTHORIZE_URL?: string;

  @IsOptional()
  @IsUrl(HTTP_URL)
  WECHATPAY_BASE_URL?: string;

  @IsOptional()
  @Matches(/^\d{6,16}$/, { message: 'WECHATPAY_MCH_ID must be the merchant number, digits only' })
  WECHATPAY_MCH_ID?: string;

  @IsOptional()
  @Matches(/^[0-9A-Fa-f]{8,64}$/, { message: 'WECHATPAY_MERCHANT_SERIAL_NO must be a hex certificate serial' })
  WECHATPAY_MERCHANT_SERIAL_NO?: string;

  @IsOptional()
  @IsString()
  WECHATPAY_MERCHANT_PRIVATE_KEY_PATH?: string;

  @IsOptional()
  @Matches(/^[\x21-\x7e]{32}$/, { message: 'WECHATPAY_API_V3_KEY must be exactly 32 printable ASCII characters' })
  WECHATPAY_API_V3_KEY?: string;

  @IsOptional()
  @IsString()
  WECHATPAY_PLATFORM_CERT_PATH?: string;

  /** The key id (PUB_KEY_ID_…) when WECHATPAY_PLATFORM_CERT_PATH holds WeChat Pay's public key, not a certificate. */
  @IsOptional()
  @Matches(/^[\w-]{4,64}$/, { message: 'WECHATPAY_PLATFORM_KEY_ID must be the key id WeChat Pay shows' })
  WECHATPAY_PLATFORM_KEY_ID?: string;

  /**
   * Every key WeChat Pay may sign with, comma-separated: `PATH` for a platform certificate (its
   * serial is read from it), `SERIAL=PATH` for a 微信支付公钥 (`PUB_KEY_ID_…=pub_key.pem`) or a
   * certificate given with its serial. WECHATPAY_PLATFORM_CERT_PATH, when set, is one more entry.
   */
  @IsOptional()
  @Matches(PLATFORM_KEYS_FORM, {
    message:
      'WECHATPAY_PLATFORM_KEYS must be a comma-separated list of PATH (a platform certificate) or SERIAL=PATH entries (PUB_KEY_ID_…=pub_key.pem)',
  })
  WECHATPAY_PLATFORM_KEYS?: string;

  /**
   * The serial our requests name in Wechatpay-Serial, i.e. the key WeChat Pay signs its answers
   * with. Default: the first 微信支付公钥 configured, else the newest valid platform certificate.
   */
  @IsOptional()
  @Matches(SERIAL_FORM, { message: 'WECHATPAY_REQUEST_SERIAL must be a PUB_KEY_ID_… or a hex certificate serial' })
  WECHATPAY_REQUEST_SERIAL?: string;

  // --- Notifications to volunteers (outreach reminders and changes) ---------------------------
  /** `wechat`: template messages of the official account; `log`: written to the log. Default: wechat in production. */
  @IsOptional()
  @IsIn(NOTIFIERS, { message: 'NOTIFIER must be log or wechat' })
  NOTIFIER?: NotifierKind;

  /** WeChat's server API (cgi-bin: access token, template messages); api.weixin.qq.com in production. */
  @IsOptional()
  @IsUrl(HTTP_URL)
  WECHAT_API_BASE_URL?: string;

  /** The official account's template id for outreach notices (活动提醒). */
  @IsOptional()
  @Matches(/^[\w-]{8,64}$/, { message: 'WECHAT_TEMPLATE_OUTREACH must be a template id from the official account' })
  WECHAT_TEMPLATE_OUTREACH?: string;

  // --- Text messages (verification codes to donors' phones) ---------------------------------
  /** Tencent Cloud SMS API 3.0 (SendSms); sms.tencentcloudapi.com in production, the stand-in otherwise. */
  @IsOptional()
  @IsUrl(HTTP_URL)
  TENCENT_SMS_BASE_URL?: string;

  /** The API key (访问密钥) that signs SendSms requests (TC3-HMAC-SHA256): its SecretId, AKID…. */
  @IsOptional()
  @Matches(/^AKID[0-9A-Za-z]{16,64}$/, {
    message:
      'TENCENTCLOUD_SECRET_ID must be the SecretId of a Tencent Cloud API key: AKID followed by letters and digits',
  })
  TENCENTCLOUD_SECRET_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(16)
  TENCENTCLOUD_SECRET_KEY?: string;

  /** The SDK AppID of the SMS application (短信应用), 1400…. */
  @IsOptional()
  @Matches(/^\d{10}$/, {
    message: 'TENCENT_SMS_SDK_APP_ID must be the 10-digit SDK AppID of the SMS application (1400…)',
  })
  TENCENT_SMS_SDK_APP_ID?: string;

  /** The approved signature (短信签名) the message is sent under, without the 【】. */
  @IsOptional()
  @Matches(/^[^【】\s]{2,20}$/u, {
    message: 'TENCENT_SMS_SIGN_NAME must be the approved signature, 2-20 characters without 【】',
  })
  TENCENT_SMS_SIGN_NAME?: string;

  /** The approved template (正文模板) of verification codes: {1} the code, {2} the minutes it is valid. */
  @IsOptional()
  @Matches(/^\d{1,12}$/, { message: 'TENCENT_SMS_TEMPLATE_VERIFY must be the numeric id of an approved SMS template' })
  TENCENT_SMS_TEMPLATE_VERIFY?: string;

  // --- Project funds (the six gates) ---------------------------------------------------------
  /**
   * 监督电话: the number a fund request's public notice (公示) gives for objections, usually the
   * district's 区众筹管理中心 or its discipline office. Outside production a demo number stands in;
   * in production a request cannot be publicized until this is set.
   */
  @IsOptional()
  @Matches(/^[0-9][0-9-]{4,19}$/, {
    message: 'FUNDS_SUPERVISION_PHONE must be a telephone number: digits and hyphens, 5-20 characters',
  })
  FUNDS_SUPERVISION_PHONE?: string;

  /**
   * Demos and tests only (refused in production): how many seconds one day of a 公示 lasts, so a
   * browser test can take a request through every gate without waiting a day. Default a real day.
   */
  @Transform(toInt)
  @Min(1)
  @Max(86_400)
  @IsInt()
  FUNDS_NOTICE_DAY_SECONDS = 86_400;
}

/** Variables that a production server refuses to start without: the embedded defaults are for demos only. */
const REQUIRED_IN_PRODUCTION: (keyof Environment)[] = [
  'DATABASE_URL',
  'REDIS_URL',
  'PUBLIC_BASE_URL',
  'AUTH_TOKEN_SECRET',
  'LEDGER_SIGNING_KEY_PATH',
  'WECHAT_APP_ID',
  'WECHAT_APP_SECRET',
  'WECHAT_OAUTH_BASE_URL',
  'WECHATPAY_BASE_URL',
  'WECHATPAY_MCH_ID',
  'WECHATPAY_MERCHANT_SERIAL_NO',
  'WECHATPAY_MERCHANT_PRIVATE_KEY_PATH',
  'WECHATPAY_API_V3_KEY',
  'TENCENTCLOUD_SECRET_ID',
  'TENCENTCLOUD_SECRET_KEY',
  'TENCENT_SMS_SDK_APP_ID',
  'TENCENT_SMS_SIGN_NAME',
  'TENCENT_SMS_TEMPLATE_VERIFY',
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) => (msg.startsWith(e.property) ? msg : `${e.property}: ${msg}`)),
  );
}

/** Files a production server reads at start; a wrong path is reported now, not at the first payment. */
const FILES_IN_PRODUCTION: (keyof Environment)[] = [
  'LEDGER_SIGNING_KEY_PATH',
  'WECHATPAY_MERCHANT_PRIVATE_KEY_PATH',
  'WECHATPAY_PLATFORM_CERT_PATH',
];

/**
 * `server`: the API and the worker. `cli`: one-shot commands (migrations, seeds) that need only
 * the database, so a deploy can migrate without holding the payment secrets.
 */
export type ProcessRole = 'server' | 'cli';

/** Reads and validates an environment; throws ConfigError naming every bad variable. */
export function parseEnvironment(
  source: Record<string, string | undefined>,
  role: ProcessRole = 'server',
): Environment {
  const present: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    // An empty variable counts as unset, as in most twelve-factor tooling.
    if (value !== undefined && value !== '') present[key] = value;
  }
  const env = plainToInstance(Environment, present);
  // whitelist drops everything that is not a declared variable (PATH, HOME, ...).
  const problems = describe(validateSync(env, { whitelist: true, stopAtFirstError: true }));
  if (env.NODE_ENV === 'production') {
    const required: (keyof Environment)[] = role === 'server' ? REQUIRED_IN_PRODUCTION : ['DATABASE_URL'];
    for (const key of required) {
      if (env[key] === undefined) problems.push(`${key} is required when NODE_ENV=production`);
    }
    if (role === 'server') {
      if (env.WECHATPAY_PLATFORM_CERT_PATH === undefined && env.WECHATPAY_PLATFORM_KEYS === undefined)
        problems.push('WECHATPAY_PLATFORM_KEYS (or WECHATPAY_PLATFORM_CERT_PATH) is required when NODE_ENV=production');
      for (const key of FILES_IN_PRODUCTION) {
        const file = env[key];
        if (typeof file === 'string' && !isReadableFile(file)) problems.push(`${key}: cannot read the file ${file}`);
      }
      for (const { path: file } of parsePlatformKeyList(env.WECHATPAY_PLATFORM_KEYS)) {
        if (!isReadableFile(file)) problems.push(`WECHATPAY_PLATFORM_KEYS: cannot read the file ${file}`);
      }
    }
  }
  if (env.NODE_ENV === 'production' && role === 'server' && (env.NOTIFIER ?? 'wechat') === 'wechat') {
    if (env.WECHAT_TEMPLATE_OUTREACH === undefined)
      problems.push('WECHAT_TEMPLATE_OUTREACH is required when NODE_ENV=production and NOTIFIER=wechat');
  }
  if (env.NODE_ENV === 'production' && role === 'server') problems.push(...productionEdgeProblems(env));
  problems.push(...fileStoreProblems(env, role));
  if (env.RUN_JOBS === false && env.REDIS_URL === undefined) {
    problems.push('RUN_JOBS cannot be false without REDIS_URL: jobs would have nowhere to run');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return env;
}

const S3_VARIABLES = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/**
 * S3 storage is complete or absent: a bucket and its keys together. A production server keeps its
 * files in S3, or on its own disk only when FILES_DIR says so (a single-server site).
 */
function fileStoreProblems(env: Environment, role: ProcessRole): string[] {
  const problems: string[] = [];
  const anyS3 = S3_VARIABLES.some((key) => env[key] !== undefined);
  if (anyS3) {
    if (env.S3_BUCKET === undefined) problems.push('S3_BUCKET is required when any S3_ variable is set');
    if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined))
      problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither');
    if (env.FILES_DIR !== undefined)
      problems.push('FILES_DIR and S3_BUCKET exclude each other: files are kept in one place');
  }
  if (env.NODE_ENV === 'production' && role === 'server' && !anyS3 && env.FILES_DIR === undefined) {
    problems.push(
      'S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT, S3_REGION for OSS, COS or MinIO) are required when NODE_ENV=production, or FILES_DIR for a single-server site',
    );
  }
  return problems;
}

/** TRUST_PROXY values that believe every sender: every client could name its own address. */
const TRUST_EVERYONE = new Set(['true', '0.0.0.0/0', '::/0']);

/** What production refuses at the edge: a proxy setting that believes anyone, a public address over http. */
function productionEdgeProblems(env: Environment): string[] {
  const problems: string[] = [];
  const trusted = (env.TRUST_PROXY ?? '').split(',').map((v) => v.trim().toLowerCase());
  if (trusted.some((v) => TRUST_EVERYONE.has(v))) {
    problems.push(
      `TRUST_PROXY=${env.TRUST_PROXY} is refused when NODE_ENV=production: every client could name its own address in X-Forwarded-For and pass the rate limit and the sign-in lockout; set the number of proxies in front (1 behind one nginx) or their addresses/CIDR ranges`,
    );
  }
  if (env.FUNDS_NOTICE_DAY_SECONDS !== 86_400) {
    problems.push(
      `FUNDS_NOTICE_DAY_SECONDS=${env.FUNDS_NOTICE_DAY_SECONDS} is refused when NODE_ENV=production: a public notice (公示) runs for whole days`,
    );
  }
  if (env.PUBLIC_BASE_URL !== undefined && !/^https:\/\//i.test(env.PUBLIC_BASE_URL)) {
    problems.push(
      'PUBLIC_BASE_URL must be an https:// address when NODE_ENV=production: WeChat Pay sends its notifications (notify_url) only to https',
    );
  }
  return problems;
}

function isReadableFile(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
