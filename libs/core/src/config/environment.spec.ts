import { productionEnv } from '@shanchou/test';
import * as path from 'node:path';
import { AppConfig } from './app-config';
import { ConfigError, parseEnvironment, ProcessRole } from './environment';

function problemsOf(vars: Record<string, string>, role: ProcessRole = 'server'): string[] {
  try {
    parseEnvironment(vars, role);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

const PRODUCTION_COMPLETE = productionEnv();
const secrets = path.dirname(PRODUCTION_COMPLETE.WECHATPAY_PLATFORM_CERT_PATH);

describe('environment', () => {
  it('starts in embedded mode with nothing set', () => {
    const config = AppConfig.from({});
    expect(config.port).toBe(3000);
    expect(config.embedded).toBe(true);
    expect(config.database.kind).toBe('pglite');
    expect(config.runJobs).toBe(true);
    expect(config.seedDemo).toBe(true);
    expect(config.wechat.oauthBaseUrl).toBe('http://localhost:3000/wechat-sim');
    expect(config.wechat.payBaseUrl).toBe('http://localhost:3000/wechat-sim');
  });

  it('sends donors to the stand-in to authorise, and to WeChat in production', () => {
    expect(AppConfig.from({}).wechat.oauthAuthorizeUrl).toBe(
      'http://localhost:3000/wechat-sim/connect/oauth2/authorize',
    );
    expect(AppConfig.from(PRODUCTION_COMPLETE).wechat.oauthAuthorizeUrl).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize',
    );
    const own = 'https://wx-auth.shanchou.example.cn/connect/oauth2/authorize';
    expect(AppConfig.from({ WECHAT_OAUTH_AUTHORIZE_URL: own }).wechat.oauthAuthorizeUrl).toBe(own);
    expect(problemsOf({ WECHAT_OAUTH_AUTHORIZE_URL: 'open.weixin.qq.com' }).join()).toMatch(
      /^WECHAT_OAUTH_AUTHORIZE_URL/,
    );
  });

  it('names a port that is not a number', () => {
    expect(problemsOf({ PORT: 'abc' }).join('\n')).toMatch(/^PORT/m);
  });

  it('names a port out of range', () => {
    expect(problemsOf({ PORT: '70000' }).join('\n')).toMatch(/PORT must not be greater than 65535/);
  });

  it('names a database URL of the wrong kind', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://root@localhost/db' })).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL',
    ]);
  });

  it('names a bad log level and a bad Redis URL together', () => {
    const problems = problemsOf({ LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
    expect(problems.some((p) => p.startsWith('LOG_LEVEL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('REDIS_URL'))).toBe(true);
  });

  it('names a malformed WeChat Pay API v3 key', () => {
    expect(problemsOf({ WECHATPAY_API_V3_KEY: 'short' }).join()).toMatch(/WECHATPAY_API_V3_KEY must be exactly 32/);
  });

  it('refuses production without DATABASE_URL and REDIS_URL, naming both', () => {
    const { DATABASE_URL: _d, REDIS_URL: _r, ...rest } = PRODUCTION_COMPLETE;
    const problems = problemsOf(rest);
    expect(problems).toContain('DATABASE_URL is required when NODE_ENV=production');
    expect(problems).toContain('REDIS_URL is required when NODE_ENV=production');
    expect(problems).toHaveLength(2);
  });

  it('accepts a complete production configuration, with no demo seed', () => {
    const config = AppConfig.from(PRODUCTION_COMPLETE);
    expect(config.isProduction).toBe(true);
    expect(config.database).toEqual({ kind: 'postgres', url: PRODUCTION_COMPLETE.DATABASE_URL, poolSize: 10 });
    expect(config.runJobs).toBe(false);
    expect(config.seedDemo).toBe(false);
  });

  it('names a WeChat Pay key file that cannot be read', () => {
    const problems = problemsOf({
      ...PRODUCTION_COMPLETE,
      WECHATPAY_PLATFORM_CERT_PATH: path.join(secrets, 'missing.pem'),
    });
    expect(problems).toEqual([
      `WECHATPAY_PLATFORM_CERT_PATH: cannot read the file ${path.join(secrets, 'missing.pem')}`,
    ]);
  });

  it('reads WeChat Pay platform keys: the single certificate variables as one entry, then the list', () => {
    const config = AppConfig.from({
      WECHATPAY_PLATFORM_CERT_PATH: '/run/secrets/wechatpay_cert.pem',
      WECHATPAY_PLATFORM_KEYS:
        'PUB_KEY_ID_0114232021092800000000000000000001=/run/secrets/pub_key.pem, /run/secrets/cert_2031.pem',
      WECHATPAY_REQUEST_SERIAL: 'PUB_KEY_ID_0114232021092800000000000000000001',
    });
    expect(config.wechat.platformKeys).toEqual([
      { path: '/run/secrets/wechatpay_cert.pem', serial: undefined },
      { path: '/run/secrets/pub_key.pem', serial: 'PUB_KEY_ID_0114232021092800000000000000000001' },
      { path: '/run/secrets/cert_2031.pem' },
    ]);
    expect(config.wechat.requestSerial).toBe('PUB_KEY_ID_0114232021092800000000000000000001');
    expect(AppConfig.from({}).wechat.platformKeys).toEqual([]);
    expect(problemsOf({ WECHATPAY_PLATFORM_KEYS: 'PUB_KEY_ID_1=a.pem,,b.pem' }).join()).toMatch(
      /^WECHATPAY_PLATFORM_KEYS must be a comma-separated list/,
    );
    expect(problemsOf({ WECHATPAY_PLATFORM_KEYS: 'not a serial=a.pem' }).join()).toMatch(/^WECHATPAY_PLATFORM_KEYS/);
    expect(problemsOf({ WECHATPAY_REQUEST_SERIAL: 'serial?' }).join()).toMatch(/^WECHATPAY_REQUEST_SERIAL/);
  });

  it('in production wants a platform key, from either variable, and a readable file for each', () => {
    const { WECHATPAY_PLATFORM_CERT_PATH: cert, ...withoutCert } = PRODUCTION_COMPLETE;
    expect(problemsOf(withoutCert)).toEqual([
      'WECHATPAY_PLATFORM_KEYS (or WECHATPAY_PLATFORM_CERT_PATH) is required when NODE_ENV=production',
    ]);
    expect(AppConfig.from({ ...withoutCert, WECHATPAY_PLATFORM_KEYS: cert }).wechat.platformKeys).toEqual([
      { path: cert },
    ]);
    const missing = path.join(secrets, 'pub_key.pem');
    expect(problemsOf({ ...withoutCert, WECHATPAY_PLATFORM_KEYS: `${cert},PUB_KEY_ID_0114=${missing}` })).toEqual([
      `WECHATPAY_PLATFORM_KEYS: cannot read the file ${missing}`,
    ]);
  });

  it('lets a production command-line tool (migrations) run with only DATABASE_URL', () => {
    const config = AppConfig.from({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/shanchou' }, 'cli');
    expect(config.isProduction).toBe(true);
    expect(problemsOf({ NODE_ENV: 'production' }, 'cli')).toEqual([
      'DATABASE_URL is required when NODE_ENV=production',
    ]);
  });

  it('reads which proxies to trust', () => {
    expect(AppConfig.from({}).trustProxy).toBe(false);
    expect(AppConfig.from({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(AppConfig.from({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(problemsOf({ TRUST_PROXY: 'everyone' }).join()).toMatch(/^TRUST_PROXY must be/);
  });

  it('refuses in production a TRUST_PROXY that believes every sender, naming the variable, and takes a hop count or addresses', () => {
    for (const everyone of ['true', '0.0.0.0/0', '10.0.0.1, ::/0']) {
      const problems = problemsOf({ ...PRODUCTION_COMPLETE, TRUST_PROXY: everyone });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^TRUST_PROXY=.* is refused when NODE_ENV=production: .*number of proxies/);
    }
    expect(AppConfig.from({ ...PRODUCTION_COMPLETE, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(AppConfig.from({ ...PRODUCTION_COMPLETE, TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toEqual(['10.0.0.0/8']);
    expect(AppConfig.from({ ...PRODUCTION_COMPLETE, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    // Development and tests may still believe anyone (a local proxy, a test of the header).
    expect(AppConfig.from({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('refuses an http PUBLIC_BASE_URL in production, where WeChat Pay notifies only https', () => {
    expect(problemsOf({ ...PRODUCTION_COMPLETE, PUBLIC_BASE_URL: 'http://shanchou.example.cn' })).toEqual([
      'PUBLIC_BASE_URL must be an https:// address when NODE_ENV=production: WeChat Pay sends its notifications (notify_url) only to https',
    ]);
    expect(AppConfig.from(PRODUCTION_COMPLETE).publicBaseUrl).toBe('https://shanchou.example.cn');
    expect(AppConfig.from({ PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }).publicBaseUrl).toBe('http://127.0.0.1:3000');
    // A migration in production does not serve WeChat: the command-line role is not held to it.
    const cli = { NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/shanchou', PUBLIC_BASE_URL: 'http://x.cn' };
    expect(AppConfig.from(cli, 'cli').isProduction).toBe(true);
  });

  it('shortens a 公示 day for demos and tests only', () => {
    expect(AppConfig.from({}).funds.noticeDayMs).toBe(86_400_000);
    expect(AppConfig.from({ FUNDS_NOTICE_DAY_SECONDS: '2' }).funds.noticeDayMs).toBe(2000);
    expect(problemsOf({ FUNDS_NOTICE_DAY_SECONDS: '0' }).join()).toMatch(
      /^FUNDS_NOTICE_DAY_SECONDS must not be less than 1/,
    );
    expect(problemsOf({ ...PRODUCTION_COMPLETE, FUNDS_NOTICE_DAY_SECONDS: '2' })).toEqual([
      'FUNDS_NOTICE_DAY_SECONDS=2 is refused when NODE_ENV=production: a public notice (公示) runs for whole days',
    ]);
    expect(AppConfig.from({ ...PRODUCTION_COMPLETE, FUNDS_NOTICE_DAY_SECONDS: '86400' }).funds.noticeDayMs).toBe(
      86_400_000,
    );
  });

  it('refuses RUN_JOBS=false without Redis, where jobs would never run', () => {
    expect(problemsOf({ RUN_JOBS: 'false' }).join()).toMatch(/RUN_JOBS cannot be false without REDIS_URL/);
  });

  it('tells volunteers through the log in development and through WeChat template messages in production', () => {
    const dev = AppConfig.from({});
    expect(dev.notifier).toBe('log');
    expect(dev.wechat.apiBaseUrl).toBe('http://localhost:3000/wechat-sim');
    const production = AppConfig.from(PRODUCTION_COMPLETE);
    expect(production.notifier).toBe('wechat');
    expect(production.wechat.apiBaseUrl).toBe('https://api.weixin.qq.com');
    expect(production.wechat.outreachTemplateId).toBe(PRODUCTION_COMPLETE.WECHAT_TEMPLATE_OUTREACH);
  });

  it('refuses production WeChat notices without a template id, and names a bad notifier', () => {
    const { WECHAT_TEMPLATE_OUTREACH: _t, ...rest } = PRODUCTION_COMPLETE;
    expect(problemsOf(rest)).toEqual([
      'WECHAT_TEMPLATE_OUTREACH is required when NODE_ENV=production and NOTIFIER=wechat',
    ]);
    expect(AppConfig.from({ ...rest, NOTIFIER: 'log' }).notifier).toBe('log');
    expect(problemsOf({ NOTIFIER: 'sms' })).toEqual(['NOTIFIER must be log or wechat']);
  });

  it('sends text messages to the stand-in with demo credentials, and to Tencent Cloud SMS in production', () => {
    expect(AppConfig.from({}).sms).toEqual({
      baseUrl: 'http://localhost:3000/wechat-sim/tencent-sms',
      secretId: 'AKIDshanchouDemoSmsSecretId000000000',
      secretKey: 'shanchou-demo-sms-secret-key',
      sdkAppId: '1400000000',
      signName: '善筹',
      verifyTemplateId: '1000001',
    });
    expect(AppConfig.from(PRODUCTION_COMPLETE).sms).toEqual({
      baseUrl: 'https://sms.tencentcloudapi.com',
      secretId: PRODUCTION_COMPLETE.TENCENTCLOUD_SECRET_ID,
      secretKey: PRODUCTION_COMPLETE.TENCENTCLOUD_SECRET_KEY,
      sdkAppId: PRODUCTION_COMPLETE.TENCENT_SMS_SDK_APP_ID,
      signName: PRODUCTION_COMPLETE.TENCENT_SMS_SIGN_NAME,
      verifyTemplateId: PRODUCTION_COMPLETE.TENCENT_SMS_TEMPLATE_VERIFY,
    });
    const own = AppConfig.from({ TENCENT_SMS_BASE_URL: 'https://sms.ap-guangzhou.tencentcloudapi.com/' });
    expect(own.sms.baseUrl).toBe('https://sms.ap-guangzhou.tencentcloudapi.com');
  });

  it('refuses a production server without the SMS credentials, and names malformed ones', () => {
    const {
      TENCENTCLOUD_SECRET_ID: _id,
      TENCENTCLOUD_SECRET_KEY: _key,
      TENCENT_SMS_SDK_APP_ID: _app,
      TENCENT_SMS_SIGN_NAME: _sign,
      TENCENT_SMS_TEMPLATE_VERIFY: _template,
      ...rest
    } = PRODUCTION_COMPLETE;
    expect(problemsOf(rest)).toEqual([
      'TENCENTCLOUD_SECRET_ID is required when NODE_ENV=production',
      'TENCENTCLOUD_SECRET_KEY is required when NODE_ENV=production',
      'TENCENT_SMS_SDK_APP_ID is required when NODE_ENV=production',
      'TENCENT_SMS_SIGN_NAME is required when NODE_ENV=production',
      'TENCENT_SMS_TEMPLATE_VERIFY is required when NODE_ENV=production',
    ]);
    // A migration sends no text messages.
    expect(() => AppConfig.from({ NODE_ENV: 'production', DATABASE_URL: 'postgres://a@db/x' }, 'cli')).not.toThrow();
    expect(problemsOf({ TENCENTCLOUD_SECRET_ID: 'secret' }).join()).toMatch(/^TENCENTCLOUD_SECRET_ID must be/);
    expect(problemsOf({ TENCENT_SMS_SDK_APP_ID: '14000' }).join()).toMatch(/^TENCENT_SMS_SDK_APP_ID must be/);
    expect(problemsOf({ TENCENT_SMS_SIGN_NAME: '【善筹】' }).join()).toMatch(/^TENCENT_SMS_SIGN_NAME must be/);
    expect(problemsOf({ TENCENT_SMS_TEMPLATE_VERIFY: 'SMS_1' }).join()).toMatch(/^TENCENT_SMS_TEMPLATE_VERIFY must be/);
    expect(problemsOf({ TENCENT_SMS_BASE_URL: 'sms.tencentcloudapi.com' }).join()).toMatch(/^TENCENT_SMS_BASE_URL/);
  });

  it('treats an empty variable as unset and ignores unrelated ones', () => {
    const config = AppConfig.from({ DATABASE_URL: '', PATH: '/usr/bin', HOME: '/root' });
    expect(config.database.kind).toBe('pglite');
  });

  describe('uploaded files', () => {
    const S3 = {
      S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com',
      S3_BUCKET: 'shanchou-files',
      S3_REGION: 'cn-hangzhou',
      S3_ACCESS_KEY_ID: 'LTAI-key-id',
      S3_SECRET_ACCESS_KEY: 'secret-of-the-key',
    };

    it('keeps them under DATA_DIR/files by default, under FILES_DIR when set, in S3 with S3_BUCKET', () => {
      expect(AppConfig.from({ DATA_DIR: '/srv/data' }).fileStore).toEqual({ kind: 'local', dir: '/srv/data/files' });
      expect(AppConfig.from({ FILES_DIR: '/mnt/files' }).fileStore).toEqual({ kind: 'local', dir: '/mnt/files' });
      expect(AppConfig.from({ ...S3, S3_FORCE_PATH_STYLE: 'true' }).fileStore).toEqual({
        kind: 's3',
        endpoint: S3.S3_ENDPOINT,
        bucket: 'shanchou-files',
        region: 'cn-hangzhou',
        accessKeyId: 'LTAI-key-id',
        secretAccessKey: 'secret-of-the-key',
        forcePathStyle: true,
      });
    });

    it('refuses production with neither S3 nor FILES_DIR, naming what is missing', () => {
      const { FILES_DIR: _files, ...withoutFiles } = PRODUCTION_COMPLETE;
      const problems = problemsOf(withoutFiles);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY .* or FILES_DIR/);
      expect(AppConfig.from({ ...withoutFiles, ...S3 }).fileStore.kind).toBe('s3');
      // The command-line tools store no files.
      expect(() => AppConfig.from({ NODE_ENV: 'production', DATABASE_URL: 'postgres://a@db/x' }, 'cli')).not.toThrow();
    });

    it('wants S3 settings complete and in one place only', () => {
      expect(problemsOf({ S3_ENDPOINT: 'http://minio:9000' })).toEqual([
        'S3_BUCKET is required when any S3_ variable is set',
      ]);
      expect(problemsOf({ ...S3, S3_SECRET_ACCESS_KEY: '' })).toEqual([
        'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither',
      ]);
      expect(problemsOf({ ...S3, FILES_DIR: '/mnt/files' })).toEqual([
        'FILES_DIR and S3_BUCKET exclude each other: files are kept in one place',
      ]);
      expect(problemsOf({ S3_BUCKET: 'Bad_Bucket' }).join()).toMatch(/^S3_BUCKET must be a bucket name/);
      expect(problemsOf({ S3_BUCKET: 'b-1', S3_ENDPOINT: 'ftp://x' }).join()).toMatch(/^S3_ENDPOINT must be/);
    });
  });
});
