import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, ANY_STAFF, CurrentPrincipal, CurrentStaff, Public } from './access';
import { AuthService, IssuedSession } from './auth.service';
import { ClientAddress } from './client-address';
import { ChangePasswordArgs, LoginArgs, WechatLoginArgs } from './dto/staff.inputs';
import { SessionObject, ViewerObject } from './dto/session.object';
import { StaffObject } from './dto/staff.object';
import { Principal, StaffPrincipal } from './principal';
import { StaffService } from './staff.service';
import { ViewerService } from './viewer.service';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly staff: StaffService,
    private readonly viewers: ViewerService,
  ) {}

  @Public()
  @Mutation(() => SessionObject, { description: 'Staff sign-in' })
  async login(@Args() { username, password }: LoginArgs, @ClientAddress() address: string): Promise<SessionObject> {
    return this.session(await this.auth.login(username, password, address));
  }

  @Public()
  @Mutation(() => SessionObject, { description: 'Donor sign-in with the code from WeChat OAuth (snsapi_base)' })
  async wechatLogin(@Args() { code }: WechatLoginArgs, @ClientAddress() address: string): Promise<SessionObject> {
    return this.session(await this.auth.wechatLogin(code, address));
  }

  @Allow({ staff: ANY_STAFF, donor: true })
  @Mutation(() => Boolean, { description: 'Ends this session; its token stops working at once' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<boolean> {
    await this.auth.logout(principal);
    return true;
  }

  @Allow({ staff: ANY_STAFF, donor: true })
  @Query(() => ViewerObject, { description: 'The caller' })
  me(@CurrentPrincipal() principal: Principal): Promise<ViewerObject> {
    return this.viewers.of(principal);
  }

  @Allow({ staff: ANY_STAFF })
  @Mutation(() => StaffObject, { description: 'Changes your own password; your other sessions end' })
  async changeMyPassword(@Args() args: ChangePasswordArgs, @CurrentStaff() me: StaffPrincipal): Promise<StaffObject> {
    return StaffObject.from(await this.staff.changeOwnPassword(me, args.currentPassword, args.newPassword));
  }

  private async session(issued: IssuedSession): Promise<SessionObject> {
    return Object.assign(new SessionObject(), {
      token: issued.token,
      expiresAt: issued.expiresAt,
      viewer: await this.viewers.of(issued.principal),
    });
  }
}
