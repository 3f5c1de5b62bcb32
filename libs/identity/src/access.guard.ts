import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule, ForbiddenError, ROOT_LOGGER, RootLogger, UnauthenticatedError } from '@shanchou/core';
import { requestOf } from './access';
import { AuthService } from './auth.service';
import { Principal } from './principal';
import { ROLE_NAMES } from './role';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Deny by default: an operation runs only when it declares who may call it (@Public or
 * @Allow) and the caller fits. Unauthenticated without a valid token, forbidden for the wrong kind.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = requestOf(context);
    if (!rule) {
      this.log.error(
        { handler: `${context.getClass().name}.${context.getHandler().name}` },
        'operation without an access rule refused',
      );
      throw new ForbiddenError('这项操作没有开放给任何人');
    }
    const principal = await this.principalOf(request);
    if ('public' in rule) return true;
    if (!principal) throw new UnauthenticatedError();
    if (principal.kind === 'donor' && rule.donor) return true;
    if (principal.kind === 'staff' && rule.staff?.includes(principal.role)) return true;
    throw new ForbiddenError(
      principal.kind === 'staff'
        ? `${ROLE_NAMES[principal.role]}不能进行这项操作`
        : '这项操作只供工作人员使用，捐赠人不能进行',
    );
  }

  /** Authenticates once per request; a bad token on a public operation is simply anonymous. */
  private async principalOf(request: ReturnType<typeof requestOf>): Promise<Principal | null> {
    if (request.principal !== undefined) return request.principal;
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    request.principal = token ? await this.auth.authenticate(token) : null;
    return request.principal;
  }
}
