import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCode } from '@shanchou/core';

/** The one route that takes multipart forms. */
const UPLOAD_ROUTE = /^\/files\/?(\?|$)/;

/**
 * Multipart for POST /files only: @fastify/multipart's parser is instance-wide in fastify (Nest
 * puts every route on the root), so any other route sent a multipart body is answered 415, as it
 * was before the plugin. The form's own limits (one file, its size) are set by the upload route.
 */
export async function registerUploads(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: true,
    limits: { files: 1, fields: 4, parts: 5 },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', (request, reply, done) => {
      if (!request.isMultipart() || (request.method === 'POST' && UPLOAD_ROUTE.test(request.url))) return done();
      void reply.status(415).send({
        code: ErrorCode.BAD_USER_INPUT,
        message: '此地址不接受 multipart/form-data：文件请上传到 POST /files',
      });
    });
}
