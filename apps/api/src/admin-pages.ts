import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RootLogger } from '@shanchou/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { defaultH5Dir, H5_CONTENT_SECURITY_POLICY } from './h5-pages';

/** Where the district console is served (`npm run build:admin` builds it to dist/admin). */
export const ADMIN_PATH = '/admin/';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** dist/admin beside dist/h5, at the repository (or image) root. */
export function defaultAdminDir(): string {
  return path.join(path.dirname(defaultH5Dir()), 'admin');
}

/**
 * Serves the built console under /admin/ as the H5 pages are served under /h5/ (h5-pages.ts): the
 * same policy (Element Plus sets inline styles, which it allows), hashed assets cached for a
 * year, index.html revalidated, and any other page path answered with index.html (history mode).
 */
export async function serveAdminPages(app: NestFastifyApplication, log: RootLogger, dir: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/admin', (_request, reply) => reply.redirect(ADMIN_PATH, 301));
  const built = existsSync(path.join(dir, 'index.html'));
  if (!built) log.warn({ dir }, 'the district console is not built (npm run build:admin): /admin/ answers 503');
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
    { prefix: '/admin' },
  );
}

function indexPage(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', REVALIDATE).sendFile('index.html');
}

/** A route of the console (/admin/campaigns/x), not a missing file (/admin/assets/x.js). */
function isPageRoute(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = request.url.split('?')[0];
  return !pathname.startsWith(`${ADMIN_PATH}assets/`) && !/\.[a-z0-9]{1,8}$/i.test(pathname);
}

function notBuilt(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><meta charset="utf-8"><title>善筹</title>' +
        '<p>管理后台还没有构建。请在项目目录运行 <code>npm run build:admin</code>（<code>npm start</code> 会自动构建），然后刷新。</p>',
    );
}
