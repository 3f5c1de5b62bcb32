import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { requestOf } from './access';

/** The caller's address as fastify sees it (X-Forwarded-For only from TRUST_PROXY proxies). */
export const ClientAddress = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => requestOf(context).ip,
);
