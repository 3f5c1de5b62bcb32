import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import {
  AppConfig,
  AppLogger,
  ControlCharacterError,
  controlCharactersIn,
  ErrorCode,
  httpStatusOf,
  RedisConnection,
  RootLogger,
  validationExceptionFactory,
  workContext,
} from '@shanchou/core';
import { registerUploads } from '@shanchou/files';
import { LedgerKeys } from '@shanchou/ledger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiOptions, AppModule } from './app.module';
import { defaultAdminDir, serveAdminPages } from './admin-pages';
import { defaultH5Dir, serveH5Pages } from './h5-pages';

const REQUEST_ID = /^[\w.:-]{8,128}$/;
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The API application, initialised but not listening: main.ts listens, tests use inject(). */
export async function createApi(
  config: AppConfig,
  log: RootLogger,
  options: ApiOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: log,
    // A request id from the load balancer is kept, so one request can be followed end to end.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
  });
  const fastify = adapter.getInstance();
  // Everything logged while serving a request carries its id (AsyncLocalStorage).
  fastify.addHook('onRequest', (request, _reply, done) => workContext.run({ requestId: String(request.id) }, done));
  // One line per request, when it is answered; health probes only at debug level.
  fastify.addHook('onResponse', (request, reply, done) => {
    const line = {
      req: { method: request.method, url: request.url, remoteAddress: request.ip },
      res: { statusCode: reply.statusCode },
      responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (request.url === '/health' && reply.statusCode === 200) request.log.debug(line, 'request completed');
    else request.log.info(line, 'request completed');
    done();
  });
  fastify.addHook('preHandler', (request, reply, done) => {
    const refusal = controlCharacterRefusal(request);
    if (!refusal) return done();
    void reply
      .status(httpStatusOf(ErrorCode.BAD_USER_INPUT))
      .send({ code: refusal.code, message: refusal.message, field: refusal.field });
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, log, options), adapter, {
    logger: new AppLogger(log),
    // Throw instead of exiting, so the caller (main, a test) reports the cause.
    abortOnError: false,
    // Signatures (WeChat Pay notifications) are checked over the exact bytes received.
    rawBody: true,
  });
  await harden(app, config);
  await registerUploads(app);
  await serveH5Pages(app, log, options.h5Dir ?? defaultH5Dir());
  await serveAdminPages(app, log, options.adminDir ?? defaultAdminDir());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      transform: true,
      forbidUnknownValues: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  await app.init();
  // Refuses to start on a retired signing key, or heads no known key verifies (LedgerKeyError).
  try {
    await app.get(LedgerKeys).ready();
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

/**
 * Paths whose text input is checked elsewhere: GraphQL argument by argument (controlCharacterPlugin,
 * naming `input.message` rather than `variables.input.message`); WeChat Pay's notifications are
 * signed over their raw bytes and answered in WeChat's own format; the stand-in is not production.
 */
const CHECKED_ELSEWHERE = [/^\/graphql(\?|$)/, /^\/wechatpay\/notify(\?|$)/, /^\/wechat-sim\//];

/**
 * The REST entry points' text (query string, path parameters, a parsed JSON or form body: CSV and
 * ics filters, label codes, uploads' fields) with a control character: the same refusal as GraphQL's,
 * before any handler runs, naming `query.regionCode`, `params.file` or `body.purpose`.
 */
export function controlCharacterRefusal(request: {
  url: string;
  query: unknown;
  params: unknown;
  body: unknown;
}): ControlCharacterError | undefined {
  if (CHECKED_ELSEWHERE.some((p) => p.test(request.url))) return undefined;
  const findings = [
    ...controlCharactersIn(request.query, 'query'),
    ...controlCharactersIn(pathParameters(request.params), 'params'),
    ...(Buffer.isBuffer(request.body) ? [] : controlCharactersIn(request.body, 'body')),
  ];
  return findings.length ? new ControlCharacterError(findings) : undefined;
}

/** A wildcard route's rest of the path (fastify's `*`) is named `params.path`. */
function pathParameters(params: unknown): unknown {
  if (params === null || typeof params !== 'object' || !('*' in params)) return params;
  const { '*': rest, ...named } = params as Record<string, unknown>;
  return { ...named, path: rest };
}

/**
 * Security headers (helmet), CORS from the allow-list, and a per-address request limit shared
 * through Redis when there is one (so it holds across instances). The body limit is fastify's.
 */
async function harden(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(fastifyHelmet, {
    // The API answers JSON; the H5 pages and the stand-in's pages set their own policy.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
    hsts: config.isProduction ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'apollo-require-preflight'],
    maxAge: 600,
  });
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    redis: app.get(RedisConnection).client ?? undefined,
    nameSpace: `${config.redisPrefix}:rate:`,
    skipOnError: true,
    keyGenerator: (request) => request.ip,
    // Not counted: probes; WeChat Pay's notifications, which come from a few WeChat addresses,
    // are signed, and must never be turned away on a busy day; the stand-in (development only);
    // the H5 pages' static files, which a whole office behind one address loads at once.
    allowList: (request) =>
      request.url === '/health' ||
      request.url === '/wechatpay/notify' ||
      request.url.startsWith('/wechat-sim/') ||
      request.url.startsWith('/h5/'),
  });
}
