import { Role } from './role';

export interface StaffPrincipal {
  kind: 'staff';
  sessionId: string;
  staffId: string;
  username: string;
  role: Role;
  regionId: string;
  /** The materialised path of the staff member's region: their scope. */
  regionPath: string;
}

export interface DonorPrincipal {
  kind: 'donor';
  sessionId: string;
  donorId: string;
}

/** Who is calling: a signed-in staff member or donor. Anonymous callers have none. */
export type Principal = StaffPrincipal | DonorPrincipal;
