/** The outreach operations the volunteer and staff pages send (schema.gql), and their shapes. */

export type OutreachKind = 'SCIENCE_TECH' | 'CULTURE' | 'LAW' | 'MEDICAL';
export type SignUpStatus = 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED' | 'CHECKED_IN';

export const KIND_NAMES: Record<OutreachKind, string> = {
  SCIENCE_TECH: '科技下乡',
  CULTURE: '文化下乡',
  LAW: '送法下乡',
  MEDICAL: '送医下乡',
};

export const SIGN_UP_STATUS_NAMES: Record<SignUpStatus, string> = {
  CONFIRMED: '已报名',
  WAITLISTED: '候补中',
  CANCELLED: '已取消',
  CHECKED_IN: '已签到',
};

export interface OutreachEvent {
  id: string;
  title: string;
  kind: OutreachKind;
  region: { code: string; name: string };
  place: string;
  organiser: string;
  description: string | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  confirmedCount: number;
  waitlistCount: number;
  seatsLeft: number;
  neededSkills: string[];
  status: string;
  cancelReason: string | null;
}

const EVENT_FIELDS = `id title kind region { code name } place organiser description startsAt endsAt capacity
  confirmedCount waitlistCount seatsLeft neededSkills status cancelReason`;

export const EVENTS = `query Events($regionCode: String, $kind: OutreachKind, $from: DateTime, $to: DateTime) {
  events(regionCode: $regionCode, kind: $kind, from: $from, to: $to) { ${EVENT_FIELDS} }
}`;
/** 活动成果: what an event delivered, filed by staff after it; the photos are public. */
export interface EventRecord {
  peopleServed: number;
  summary: string | null;
  services: { name: string; quantity: number | null; unit: string | null }[];
  /** Uploaded photos, at their public addresses. */
  photos: { id: string; url: string; width: number | null; height: number | null }[];
  /** Addresses typed in for older records. */
  photoUrls: string[];
}
export interface OutreachEventWithRecord extends OutreachEvent {
  record: EventRecord | null;
}
export const EVENT = `query Event($eventId: ID!) { event(eventId: $eventId) { ${EVENT_FIELDS}
  record { peopleServed summary services { name quantity unit } photos { id url width height } photoUrls } } }`;

export interface SignUp {
  id: string;
  status: SignUpStatus;
  waitlistPosition: number | null;
  signedUpAt: string;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  hours: number;
  certificateNo: string | null;
  event: OutreachEvent;
}

const SIGN_UP_FIELDS = `id status waitlistPosition signedUpAt checkedInAt checkedOutAt hours certificateNo event { ${EVENT_FIELDS} }`;

export const MY_SIGN_UPS = `query MySignUps { mySignUps { ${SIGN_UP_FIELDS} } }`;
export const SIGN_UP = `mutation SignUp($eventId: ID!) { signUp(eventId: $eventId) { ${SIGN_UP_FIELDS} } }`;
export const CANCEL_SIGN_UP = `mutation CancelSignUp($eventId: ID!) { cancelSignUp(eventId: $eventId) { ${SIGN_UP_FIELDS} } }`;
export const CHECK_IN_BY_CODE = `mutation CheckInByCode($code: String!) { checkInByCode(code: $code) { ${SIGN_UP_FIELDS} } }`;
export const CHECK_OUT_BY_CODE = `mutation CheckOutByCode($code: String!) { checkOutByCode(code: $code) { ${SIGN_UP_FIELDS} } }`;

export interface Volunteer {
  id: string;
  name: string;
  skills: string[];
  expertise: string | null;
  hours: number;
  team: { id: string; name: string } | null;
}

const VOLUNTEER_FIELDS = 'id name skills expertise hours team { id name }';

export const MY_VOLUNTEER = `query MyVolunteer { myVolunteer { ${VOLUNTEER_FIELDS} } }`;

export interface RegisterVolunteerInput {
  name: string;
  phone: string;
  skills?: string[];
  expertise?: string;
  teamId?: string;
}

export const REGISTER_VOLUNTEER = `mutation RegisterVolunteer($input: RegisterVolunteerInput!) {
  registerVolunteer(input: $input) { ${VOLUNTEER_FIELDS} }
}`;

export interface VolunteerTeam {
  id: string;
  name: string;
  kind: string;
  memberCount: number;
  region: { name: string };
}

export const VOLUNTEER_TEAMS = `query Teams { volunteerTeams { id name kind memberCount region { name } } }`;

export interface VolunteerCertificate {
  certificateNo: string;
  volunteerName: string;
  eventTitle: string;
  kind: OutreachKind;
  place: string;
  regionName: string;
  startsAt: string;
  endsAt: string;
  checkedInAt: string;
  checkedOutAt: string | null;
  hours: number;
  serviceMinutes: number;
  issuedBy: string;
  issuedAt: string;
  verifyUrl: string;
}

const CERTIFICATE_FIELDS = `certificateNo volunteerName eventTitle kind place regionName startsAt endsAt checkedInAt
  checkedOutAt hours serviceMinutes issuedBy issuedAt verifyUrl`;

export const MY_CERTIFICATES = `query MyCertificates { myCertificates { ${CERTIFICATE_FIELDS} } }`;
export const ISSUE_MY_CERTIFICATE = `mutation IssueCertificate($eventId: ID!) {
  issueMyCertificate(eventId: $eventId) { ${CERTIFICATE_FIELDS} }
}`;
export const VERIFY_CERTIFICATE = `query VerifyCertificate($certificateNo: String!) {
  verifyCertificate(certificateNo: $certificateNo) { ${CERTIFICATE_FIELDS} }
}`;

export interface CheckInCode {
  action: 'CHECK_IN' | 'CHECK_OUT';
  code: string;
  expiresAt: string;
  qrPng: string;
  url: string;
}

export const EVENT_CHECK_IN_CODE = `query CheckInCode($eventId: ID!, $action: AttendanceAction!) {
  eventCheckInCode(eventId: $eventId, action: $action) { action code expiresAt qrPng url }
}`;

export interface RosterEntry {
  phone: string;
  volunteer: { id: string; name: string; skills: string[] };
  signUp: { id: string; status: SignUpStatus; checkedInAt: string | null; checkedOutAt: string | null; hours: number };
}

export const EVENT_ROSTER = `query Roster($eventId: ID!) {
  eventRoster(eventId: $eventId) {
    phone volunteer { id name skills } signUp { id status checkedInAt checkedOutAt hours }
  }
}`;

export const STAFF_CHECK_IN = `mutation StaffCheckIn($eventId: ID!, $volunteerId: ID!) {
  checkIn(eventId: $eventId, volunteerId: $volunteerId) { id status checkedInAt }
}`;
export const STAFF_CHECK_OUT = `mutation StaffCheckOut($eventId: ID!, $volunteerId: ID!) {
  checkOut(eventId: $eventId, volunteerId: $volunteerId) { id status checkedOutAt hours }
}`;

/** The action a check-in code stands for: `<eventId>.<i|o>.<expiry>.<mac>` (the server checks the rest). */
export function codeAction(code: string): 'CHECK_IN' | 'CHECK_OUT' | null {
  const letter = code.trim().split('.')[1];
  return letter === 'i' ? 'CHECK_IN' : letter === 'o' ? 'CHECK_OUT' : null;
}
