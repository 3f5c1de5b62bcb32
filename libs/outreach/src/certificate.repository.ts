import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { readableBy, SignUpReader } from './sign-up-reader';
import { VolunteerCertificateEntity } from './volunteer-certificate.entity';

/** The SQL of volunteer service certificates, which follow their sign-up: its event's region, its volunteer. */
@Injectable()
export class CertificateRepository {
  constructor(
    @InjectRepository(VolunteerCertificateEntity) private readonly certificates: Repository<VolunteerCertificateEntity>,
  ) {}

  /** unscoped: the volunteer's own sign-up, which the caller holds locked. */
  findBySignUp(signUpId: string, tx?: EntityManager): Promise<VolunteerCertificateEntity | null> {
    return tx ? tx.findOneBy(VolunteerCertificateEntity, { signUpId }) : this.certificates.findOneBy({ signUpId });
  }

  /** The certificates of these sign-ups that the reader may see. */
  findBySignUps(reader: SignUpReader, signUpIds: readonly string[]): Promise<VolunteerCertificateEntity[]> {
    if (signUpIds.length === 0) return Promise.resolve([]);
    return this.certificates
      .createQueryBuilder('c')
      .where('c.sign_up_id IN (:...signUpIds)', { signUpIds })
      .andWhere(...readableBy(reader, { eventId: 'c.event_id', volunteerId: 'c.volunteer_id' }))
      .getMany();
  }

  /** unscoped: public, anyone verifies a certificate by its number. */
  findByNo(certificateNo: string): Promise<VolunteerCertificateEntity | null> {
    return this.certificates.findOneBy({ certificateNo });
  }

  /** unscoped: a volunteer's own. */
  ofVolunteer(volunteerId: string): Promise<VolunteerCertificateEntity[]> {
    return this.certificates.find({ where: { volunteerId }, order: { startsAt: 'DESC' } });
  }

  insert(
    tx: EntityManager,
    certificate: Omit<VolunteerCertificateEntity, 'id' | 'issuedAt' | 'signUp' | 'volunteer'>,
  ): Promise<VolunteerCertificateEntity> {
    return tx.save(VolunteerCertificateEntity, tx.create(VolunteerCertificateEntity, certificate));
  }
}
