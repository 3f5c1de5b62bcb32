import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, Public } from '@shanchou/core';
import { captureLogs } from '@shanchou/test';
import { Allow } from './access';
import { AccessGuard } from './access.guard';
import { AuthService } from './auth.service';
import { Principal } from './principal';
import { Role } from './role';

class Operations {
  undeclared(): void {}
  @Public()
  open(): void {}
  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  adminOnly(): void {}
}

function httpContext(handler: keyof Operations, authorization?: string): ExecutionContext {
  const request = { headers: authorization ? { authorization } : {} };
  return {
    getType: () => 'http',
    getClass: () => Operations,
    getHandler: () => Operations.prototype[handler],
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('AccessGuard', () => {
  const town: Principal = {
    kind: 'staff',
    sessionId: 's',
    staffId: 'u',
    username: 'demo-town',
    role: Role.TOWN_OPERATOR,
    regionId: 'r',
    regionPath: '370404/370404001',
  };
  // Only the token lookup is replaced: the decision logic is what is under test.
  const auth = {
    authenticate: (token: string) => Promise.resolve(token === 'town' ? town : null),
  } as unknown as AuthService;
  const { log, lines } = captureLogs('error');
  const guard = new AccessGuard(new Reflector(), auth, log);

  async function codeOf(promise: Promise<boolean>): Promise<string> {
    try {
      return (await promise) ? 'OK' : 'DENIED';
    } catch (err) {
      return (err as { code: ErrorCode }).code;
    }
  }

  it('refuses an operation that declares no rule, to anyone, and says so in the log', async () => {
    expect(await codeOf(guard.canActivate(httpContext('undeclared', 'Bearer town')))).toBe('FORBIDDEN');
    expect(lines[0]).toMatchObject({
      handler: 'Operations.undeclared',
      msg: 'operation without an access rule refused',
    });
  });

  it('lets anyone call a public operation, even with a bad token', async () => {
    expect(await codeOf(guard.canActivate(httpContext('open')))).toBe('OK');
    expect(await codeOf(guard.canActivate(httpContext('open', 'Bearer forged')))).toBe('OK');
  });

  it('asks for a token, then for the right role', async () => {
    expect(await codeOf(guard.canActivate(httpContext('adminOnly')))).toBe('UNAUTHENTICATED');
    expect(await codeOf(guard.canActivate(httpContext('adminOnly', 'Bearer forged')))).toBe('UNAUTHENTICATED');
    expect(await codeOf(guard.canActivate(httpContext('adminOnly', 'Bearer town')))).toBe('FORBIDDEN');
  });
});
