import { Role, StaffPrincipal } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { bearer, donorLogin, outcome } from './auth-helpers';
import { TestApp } from './test-app';

export interface TestVolunteer {
  token: string;
  donorId: string;
  volunteerId: string;
  openid: string;
}

/** A WeChat user signs in through the stand-in and registers as a volunteer. */
export async function newVolunteer(
  t: TestApp,
  openid: string,
  name = '志愿者',
  skills: string[] = [],
): Promise<TestVolunteer> {
  const { token, donorId } = await donorLogin(t, openid);
  const res = await t.gql<{ registerVolunteer: { id: string } }>(
    'mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { id } }',
    { input: { name, phone: '13800138000', skills } },
    bearer(token),
  );
  if (!res.data?.registerVolunteer) throw new Error(`registerVolunteer failed: ${JSON.stringify(res.errors)}`);
  return { token, donorId, volunteerId: res.data.registerVolunteer.id, openid };
}

export interface EventFields {
  title?: string;
  kind?: string;
  regionCode: string;
  startsAt: Date;
  endsAt: Date;
  capacity?: number;
  place?: string;
  organiser?: string;
  description?: string;
}

/** Staff create an event through GraphQL; returns its id (throws on refusal). */
export async function createEvent(t: TestApp, staffToken: string, fields: EventFields): Promise<string> {
  const res = await t.gql<{ createEvent: { id: string } }>(
    'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
    {
      input: {
        title: fields.title ?? '测试活动',
        kind: fields.kind ?? 'SCIENCE_TECH',
        regionCode: fields.regionCode,
        startsAt: fields.startsAt.toISOString(),
        endsAt: fields.endsAt.toISOString(),
        capacity: fields.capacity ?? 10,
        ...(fields.place ? { place: fields.place } : {}),
        ...(fields.organiser ? { organiser: fields.organiser } : {}),
        ...(fields.description ? { description: fields.description } : {}),
      },
    },
    bearer(staffToken),
  );
  if (outcome(res) !== 'OK') throw new Error(`createEvent failed: ${JSON.stringify(res.errors)}`);
  return res.data!.createEvent.id;
}

/** The volunteer signs up; the status or error code. */
export async function signUp(t: TestApp, volunteer: TestVolunteer, eventId: string): Promise<string> {
  const res = await t.gql<{ signUp: { status: string } }>(
    'mutation($e: ID!) { signUp(eventId: $e) { status } }',
    { e: eventId },
    bearer(volunteer.token),
  );
  return res.data?.signUp.status ?? outcome(res);
}

/** An instant `days` from today (Asia/Shanghai) at the wall-clock time `hhmm`. */
export function shanghaiAt(days: number, hhmm: string): Date {
  const day = new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
  return new Date(`${day}T${hhmm}:00+08:00`);
}

export function minutesFromNow(minutes: number): Date {
  return new Date(Date.now() + minutes * 60_000);
}

/**
 * The signed-in staff member as services see them, for tests that call a service with their own
 * clock (a time after an event, say) instead of going through GraphQL.
 */
export async function staffActor(t: TestApp, token: string): Promise<StaffPrincipal> {
  const res = await t.gql<{ me: { staff: { id: string; username: string; role: Role; region: { code: string } } } }>(
    '{ me { staff { id username role region { code } } } }',
    {},
    bearer(token),
  );
  const staff = res.data!.me.staff;
  const region = await t.app.get(RegionService).requireByCode(staff.region.code);
  return {
    kind: 'staff',
    sessionId: 'test',
    staffId: staff.id,
    username: staff.username,
    role: staff.role,
    regionId: region.id,
    regionPath: region.path,
  };
}
