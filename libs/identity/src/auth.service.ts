import { Inject, Injectable } from '@nestjs/common';
import { Transactions } from '@shanchou/core';
import { RegionService } from '@shanchou/regions';
import { AuditService } from './audit.service';
import { BadCredentialsError } from './identity.errors';
import { LoginThrottle } from './login-throttle';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password';
import { DonorPrincipal, Principal, StaffPrincipal } from './principal';
import { SessionRepository } from './session.repository';
import { StaffRepository } from './staff.repository';
import { TokenSigner } from './token';
import { WechatOAuthClient } from './wechat-oauth.client';

export const STAFF_SESSION_HOURS = 12;
export const DONOR_SESSION_DAYS = 30;

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

/** Sign-in, sign-out, and turning a bearer token back into the caller. */
@Injectable()
export class AuthService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly staff: StaffRepository,
    private readonly regions: RegionService,
    private readonly throttle: LoginThrottle,
    private readonly oauth: WechatOAuthClient,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    @Inject(TokenSigner) private readonly signer: TokenSigner,
  ) {}

  /** Staff sign-in. The same error for an unknown user, a wrong password and a disabled account. */
  async login(username: string, password: string, clientAddress: string): Promise<IssuedSession> {
    const name = username.trim().toLowerCase();
    // The slot is taken before the password is compared: a burst runs no more checks than the limit.
    const member = await this.throttle.attempt(name, clientAddress, async () => {
      const found = await this.staff.findByUsername(name);
      const matches = await verifyPassword(password, found?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      return found && matches && found.enabled ? found : null;
    });
    if (!member) throw new BadCredentialsError();
    const [region] = await this.regions.byIds([member.regionId]);
    const expiresAt = new Date(Date.now() + STAFF_SESSION_HOURS * 3600_000);
    const session = await this.transactions.run(async (tx) => {
      const created = await this.sessions.insert(tx, { staffId: member.id, donorId: null, expiresAt, clientAddress });
      await this.audit.record(
        tx,
        { staffId: member.id, username: member.username },
        {
          action: 'session.login',
          targetType: 'session',
          targetId: created.id,
          regionId: member.regionId,
          input: { username: name, clientAddress },
        },
      );
      return created;
    });
    const principal: StaffPrincipal = {
      kind: 'staff',
      sessionId: session.id,
      staffId: member.id,
      username: member.username,
      role: member.role,
      regionId: member.regionId,
      regionPath: region.path,
    };
    return {
      token: this.signer.sign({ sid: session.id, kind: 'staff', exp: seconds(expiresAt) }),
      expiresAt,
      principal,
    };
  }

  /** Donor sign-in with the code WeChat's OAuth page handed to the H5 page. */
  async wechatLogin(code: string, clientAddress: string): Promise<IssuedSession> {
    const openid = await this.oauth.openidFor(code);
    const expiresAt = new Date(Date.now() + DONOR_SESSION_DAYS * 86400_000);
    const { session, donorId } = await this.transactions.run(async (tx) => {
      const donor = await this.sessions.upsertDonor(tx, openid);
      const created = await this.sessions.insert(tx, { staffId: null, donorId: donor.id, expiresAt, clientAddress });
      return { session: created, donorId: donor.id };
    });
    const principal: DonorPrincipal = { kind: 'donor', sessionId: session.id, donorId };
    return {
      token: this.signer.sign({ sid: session.id, kind: 'donor', exp: seconds(expiresAt) }),
      expiresAt,
      principal,
    };
  }

  /** The caller behind a bearer token, or null when the token is forged, expired, revoked or its staff disabled. */
  async authenticate(token: string): Promise<Principal | null> {
    const claims = this.signer.verify(token, seconds(new Date()));
    if (!claims) return null;
    const row = await this.sessions.findWithStaff(claims.sid);
    if (!row || row.session.revokedAt || row.session.expiresAt.getTime() <= Date.now()) return null;
    const { session, staff } = row;
    if (claims.kind === 'donor') {
      return session.donorId ? { kind: 'donor', sessionId: session.id, donorId: session.donorId } : null;
    }
    if (!staff || !staff.enabled) return null;
    const [region] = await this.regions.byIds([staff.regionId]);
    return {
      kind: 'staff',
      sessionId: session.id,
      staffId: staff.id,
      username: staff.username,
      role: staff.role,
      regionId: staff.regionId,
      regionPath: region.path,
    };
  }

  /** Forgets sessions that ended more than `days` ago. */
  purgeEndedSessions(days = 30): Promise<number> {
    return this.sessions.purgeEnded(new Date(Date.now() - days * 86400_000));
  }

  /** Ends the caller's session; a staff sign-out is audited. */
  async logout(principal: Principal): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.sessions.revoke(tx, principal.sessionId);
      if (principal.kind === 'staff') {
        await this.audit.record(tx, principal, {
          action: 'session.logout',
          targetType: 'session',
          targetId: principal.sessionId,
          regionId: principal.regionId,
          input: {},
        });
      }
    });
  }
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
