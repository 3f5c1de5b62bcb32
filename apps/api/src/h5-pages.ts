import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RootLogger } from '@shanchou/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where the H5 pages are served, and where the built pages live (`npm run build:h5`). */
export const H5_PATH = '/h5/';
const H5_OUT_DIR = path.join('dist', 'h5');

/**
 * The pages' own policy (helmet's is the API's): their scripts and styles come from here; images
 * may be data:/blob: (the certificate is drawn on a canvas, the scanner shows the camera).
 */
export const H5_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names every asset under assets/ by its content hash: a changed file is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: always asked again (a 304 when unchanged). */
const REVALIDATE = 'no-cache';

/** The repository (or image) root: the nearest directory above this file with a package.json. */
export function defaultH5Dir(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(H5_OUT_DIR);
    dir = parent;
  }
  return path.join(dir, H5_OUT_DIR);
}

/**
 * Serves the built H5 pages under /h5/: files as built (pre-compressed .br/.gz when the client
 * takes them), hashed assets cached for a year, and any other path under /h5/ answered with
 * index.html so the client's router can show it (history mode).
 */
export async function serveH5Pages(app: NestFastifyApplication, log: RootLogger, dir: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/h5', (_request, reply) => reply.redirect(H5_PATH, 301));
  const built = existsSync(path.join(dir, 'index.html'));
  if (!built) log.warn({ dir }, 'the H5 pages are not built (npm run build:h5): /h5/ answers 503');
  await fastify.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onSend', (_request, reply, payload, done) => {
        void reply.header('content-security-policy', H5_CONTENT_SECURITY_POLICY);
        done(null, payload);
      });
      if (!built) {
        scope.get('/*', (_request, reply) => notBuilt(reply));
        scope.get('/', { prefixTrailingSlash: 'slash' }, (_request, reply) => notBuilt(reply));
        return;
      }
      await scope.register(fastifyStatic, {
        root: dir,
        index: false,
        preCompressed: true,
        cacheControl: false,
        setHeaders: (reply, file) => {
          const assets = path.join(dir, 'assets') + path.sep;
          void reply.header('cache-control', file.startsWith(assets) ? IMMUTABLE : REVALIDATE);
        },
      });
      // Only /h5/: /h5 itself redirects here, so relative asset URLs resolve under /h5/.
      scope.get('/', { prefixTrailingSlash: 'slash' }, (_request, reply) => indexPage(reply));
      scope.setNotFoundHandler((request, reply) => {
        if (isPageRoute(request)) return indexPage(reply);
        return reply
          .code(404)
          .header('cache-control', REVALIDATE)
          .type('text/plain; charset=utf-8')
          .send('404 找不到这个文件');
      });
    },
    { prefix: '/h5' },
  );
}

/** A route of the client (/h5/campaigns/x), not a missing file (/h5/assets/x.js, /h5/logo.png). */
function isPageRoute(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = request.url.split('?')[0];
  return !pathname.startsWith(`${H5_PATH}assets/`) && !/\.[a-z0-9]{1,8}$/i.test(pathname);
}

function indexPage(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', REVALIDATE).sendFile('index.html');
}

function notBuilt(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><meta charset="utf-8"><title>善筹</title>' +
        '<p>页面还没有构建。请在项目目录运行 <code>npm run build:h5</code>（<code>npm start</code> 会自动构建），然后刷新。</p>',
    );
}
