import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '@shanchou/core';
import { DonorObject } from './dto/donor.object';
import { ViewerObject } from './dto/session.object';
import { StaffObject } from './dto/staff.object';
import { Principal } from './principal';
import { SessionRepository } from './session.repository';
import { StaffRepository } from './staff.repository';

@Injectable()
export class ViewerService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: SessionRepository,
  ) {}

  async of(principal: Principal): Promise<ViewerObject> {
    const viewer: ViewerObject = Object.assign(new ViewerObject(), { staff: null, donor: null });
    if (principal.kind === 'staff') {
      const member = await this.staff.findOwnAccount(principal.staffId);
      if (!member) throw new UnauthenticatedError();
      viewer.staff = StaffObject.from(member);
    } else {
      const donor = await this.sessions.findDonor(principal.donorId);
      if (!donor) throw new UnauthenticatedError();
      viewer.donor = DonorObject.from(donor);
    }
    return viewer;
  }
}
