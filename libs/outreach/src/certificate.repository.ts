import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { VolunteerCertificateEntity } from './volunteer-certificate.entity';

/** The SQL of volunteer service certificates. */
@Injectable()
export class CertificateRepository {
  constructor(
    @InjectRepository(VolunteerCertificateEntity) private readonly certificates: Repository<VolunteerCertificateEntity>,
  ) {}

  findBySignUp(signUpId: string, tx?: EntityManager): Promise<VolunteerCertificateEntity | null> {
    return tx ? tx.findOneBy(VolunteerCertificateEntity, { signUpId }) : this.certificates.findOneBy({ signUpId });
  }

  findBySignUps(signUpIds: readonly string[]): Promise<VolunteerCertificateEntity[]> {
    return this.certificates.findBy({ signUpId: In([...signUpIds]) });
  }

  findByNo(certificateNo: string): Promise<VolunteerCertificateEntity | null> {
    return this.certificates.findOneBy({ certificateNo });
  }

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
