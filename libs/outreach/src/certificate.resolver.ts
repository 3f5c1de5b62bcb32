import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { maskName, Public } from '@shanchou/core';
import { Allow, CurrentDonor, DonorPrincipal } from '@shanchou/identity';
import { CertificateService } from './certificate.service';
import { CertificateNoArgs, EventIdArgs } from './dto/outreach.inputs';
import { VolunteerCertificateObject } from './dto/outreach.objects';

@Resolver(() => VolunteerCertificateObject)
export class CertificateResolver {
  constructor(private readonly certificates: CertificateService) {}

  @Allow({ donor: true })
  @Mutation(() => VolunteerCertificateObject, {
    description: '志愿服务证明 for your service at an event, free; the same certificate when asked again',
  })
  async issueMyCertificate(
    @Args() { eventId }: EventIdArgs,
    @CurrentDonor() donor: DonorPrincipal,
  ): Promise<VolunteerCertificateObject> {
    const certificate = await this.certificates.issue(donor.donorId, eventId);
    return VolunteerCertificateObject.from(certificate, this.certificates.verifyUrl(certificate.certificateNo));
  }

  @Allow({ donor: true })
  @Query(() => [VolunteerCertificateObject], { description: 'Your certificates, newest event first' })
  async myCertificates(@CurrentDonor() donor: DonorPrincipal): Promise<VolunteerCertificateObject[]> {
    return (await this.certificates.mine(donor.donorId)).map((c) =>
      VolunteerCertificateObject.from(c, this.certificates.verifyUrl(c.certificateNo)),
    );
  }

  @Public()
  @Query(() => VolunteerCertificateObject, {
    nullable: true,
    description: 'Public: checks a certificate by its number; the name is masked (张*)',
  })
  async verifyCertificate(@Args() { certificateNo }: CertificateNoArgs): Promise<VolunteerCertificateObject | null> {
    const found = await this.certificates.byNo(certificateNo);
    return (
      found &&
      VolunteerCertificateObject.from(
        found,
        this.certificates.verifyUrl(found.certificateNo),
        maskName(found.volunteerName),
      )
    );
  }
}
