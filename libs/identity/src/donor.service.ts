import { Injectable } from '@nestjs/common';
import { InputError, NotFoundError } from '@shanchou/core';
import { DonorEntity } from './donor.entity';
import { SessionRepository } from './session.repository';

/** Donors for other libraries: who a donor is (their openid, to pay through WeChat). */
@Injectable()
export class DonorService {
  constructor(private readonly sessions: SessionRepository) {}

  /** 署名: the name the donor gives under from now; blank or null clears it (爱心人士 again). */
  async setDisplayName(id: string, name: string | null | undefined): Promise<DonorEntity> {
    const chosen = name?.trim().replace(/\s+/g, ' ') || null;
    if (chosen && [...chosen].length > 20)
      throw new InputError('name', `署名最长 20 个字，这个有 ${[...chosen].length} 个`);
    await this.sessions.setDonorDisplayName(id, chosen);
    return this.require(id);
  }

  async require(id: string): Promise<DonorEntity> {
    const donor = await this.sessions.findDonor(id);
    if (!donor) throw new NotFoundError('Donor', id);
    return donor;
  }
}
