import { Injectable } from '@nestjs/common';
import { Transactions } from '@shanchou/core';
import { PhoneCodeSent, PhoneVerificationService } from '@shanchou/identity';
import { DonationRepository } from './donation.repository';

export interface ProvedPhoneOutcome {
  phoneMasked: string;
  verifiedAt: Date;
  /** Offline gifts recorded against the number that are the donor's from now. */
  claimed: number;
}

/**
 * A donor proves a phone number by SMS, and the cash, transfers and cheques recorded against it at
 * a centre (个人线下捐赠, or a unit's line that reported it) become theirs: in 我的捐赠, with their
 * certificate and yearly statement. Gifts recorded against it later are theirs at once.
 */
@Injectable()
export class DonorPhoneService {
  constructor(
    private readonly verification: PhoneVerificationService,
    private readonly donations: DonationRepository,
    private readonly transactions: Transactions,
  ) {}

  sendCode(donorId: string, phone: string): Promise<PhoneCodeSent> {
    return this.verification.sendCode(donorId, phone);
  }

  async verify(donorId: string, phone: string, code: string): Promise<ProvedPhoneOutcome> {
    const proved = await this.verification.check(donorId, phone, code);
    return this.transactions.run(async (tx) => {
      const verifiedAt = await this.verification.consume(tx, donorId, proved);
      const claimed = await this.donations.claimByPhone(tx, donorId, proved.hash);
      return { phoneMasked: proved.masked, verifiedAt, claimed };
    });
  }
}
