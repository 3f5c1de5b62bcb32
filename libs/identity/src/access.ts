import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ACCESS_RULE, ForbiddenError, UnauthenticatedError } from '@shanchou/core';
import type { FastifyRequest } from 'fastify';
import { DonorPrincipal, Principal, StaffPrincipal } from './principal';
import { Role } from './role';

/** Signed-in callers of these kinds: `Allow({ staff: [Role.DISTRICT_ADMIN] })`, `Allow({ donor: true })`. */
export const Allow = (rule: { donor?: boolean; staff?: readonly Role[] }) => SetMetadata(ACCESS_RULE, rule);

export { Public } from '@shanchou/core';

/** Every staff role. */
export const ANY_STAFF: readonly Role[] = Object.values(Role);

/** Roles that change things: everyone but the auditor. */
export const CHANGING_STAFF: readonly Role[] = [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR, Role.VILLAGE_OPERATOR];

/** Where the guard leaves the caller: on the request, so each request authenticates once. */
export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal | null;
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

/** The caller, or null for an anonymous call to a public operation. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal | null => requestOf(context).principal ?? null,
);

export const CurrentStaff = createParamDecorator((_: unknown, context: ExecutionContext): StaffPrincipal => {
  const principal = requestOf(context).principal;
  if (!principal) throw new UnauthenticatedError();
  if (principal.kind !== 'staff') throw new ForbiddenError('这项操作只供工作人员使用，请用工作人员账号登录');
  return principal;
});

export const CurrentDonor = createParamDecorator((_: unknown, context: ExecutionContext): DonorPrincipal => {
  const principal = requestOf(context).principal;
  if (!principal) throw new UnauthenticatedError();
  if (principal.kind !== 'donor') throw new ForbiddenError('这项操作只供通过微信登录的捐赠人使用，请在微信中打开页面');
  return principal;
});
