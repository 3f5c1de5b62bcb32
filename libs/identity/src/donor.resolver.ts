import { Args, ArgsType, Field, Mutation, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow, CurrentDonor } from './access';
import { DonorService } from './donor.service';
import { DonorObject } from './dto/donor.object';
import { DonorPrincipal } from './principal';

@ArgsType()
export class DisplayNameArgs {
  @Field(() => String, { nullable: true, description: 'Up to 20 characters; null or blank clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string | null;
}

@Resolver(() => DonorObject)
export class DonorResolver {
  constructor(private readonly donors: DonorService) {}

  @Allow({ donor: true })
  @Mutation(() => DonorObject, {
    description:
      '署名: the name you give under from now (whole on your certificates, masked 张* in the public ledger); null clears it',
  })
  async setMyDisplayName(
    @Args() { name }: DisplayNameArgs,
    @CurrentDonor() donor: DonorPrincipal,
  ): Promise<DonorObject> {
    return DonorObject.from(await this.donors.setDisplayName(donor.donorId, name));
  }
}
