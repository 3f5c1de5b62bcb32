import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow, CurrentDonor, DonorPrincipal } from '@shanchou/identity';
import { DonorPhoneService } from './donor-phone.service';
import { MyPhoneObject, PhoneArgs, PhoneCodeSentObject, VerifyPhoneArgs } from './dto/donor-phone.objects';

@Resolver()
export class DonorPhoneResolver {
  constructor(private readonly phones: DonorPhoneService) {}

  @Allow({ donor: true })
  @Mutation(() => PhoneCodeSentObject, {
    description: '绑定手机号, step 1: a six-digit code by SMS to the number (one a minute; a few a day)',
  })
  async sendMyPhoneCode(
    @Args() { phone }: PhoneArgs,
    @CurrentDonor() donor: DonorPrincipal,
  ): Promise<PhoneCodeSentObject> {
    const sent = await this.phones.sendCode(donor.donorId, phone);
    return Object.assign(new PhoneCodeSentObject(), {
      phone: sent.phoneMasked,
      expiresAt: sent.expiresAt,
      resendAfterSeconds: sent.resendAfterSeconds,
    });
  }

  @Allow({ donor: true })
  @Mutation(() => MyPhoneObject, {
    description:
      '绑定手机号, step 2: the code proves the number; offline gifts recorded against it (cash at a centre, a unit’s line) are in 我的捐赠 from now',
  })
  async verifyMyPhone(
    @Args() { phone, code }: VerifyPhoneArgs,
    @CurrentDonor() donor: DonorPrincipal,
  ): Promise<MyPhoneObject> {
    const proved = await this.phones.verify(donor.donorId, phone, code);
    return Object.assign(new MyPhoneObject(), {
      phone: proved.phoneMasked,
      verifiedAt: proved.verifiedAt,
      claimedDonations: proved.claimed,
    });
  }
}
