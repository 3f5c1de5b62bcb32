import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@shanchou/core';
import { DonorEntity } from './donor.entity';
import { SessionRepository } from './session.repository';

/** Donors for other libraries: who a donor is (their openid, to pay through WeChat). */
@Injectable()
export class DonorService {
  constructor(private readonly sessions: SessionRepository) {}

  async require(id: string): Promise<DonorEntity> {
    const donor = await this.sessions.findDonor(id);
    if (!donor) throw new NotFoundError('Donor', id);
    return donor;
  }
}
