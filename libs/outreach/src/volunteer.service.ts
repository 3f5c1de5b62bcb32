import { Injectable } from '@nestjs/common';
import { ConflictError, InputError, Transactions } from '@shanchou/core';
import { AuditService, OutsideScopeError, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { NotAVolunteerError, TeamNotFoundError, VolunteerNotFoundError } from './outreach.errors';
import { TeamKind } from './outreach-kind';
import { serviceMinutes } from './service-hours';
import { SignUpReader } from './sign-up-reader';
import { AttendanceRow, SignUpRepository } from './sign-up.repository';
import { VolunteerTeamEntity } from './volunteer-team.entity';
import { VolunteerEntity } from './volunteer.entity';
import { VolunteerRepository } from './volunteer.repository';

export interface VolunteerProfile {
  name: string;
  phone: string;
  skills?: string[] | null;
  expertise?: string | null;
  teamId?: string | null;
}

export interface NewTeam {
  name: string;
  kind: TeamKind;
  regionCode: string;
  leaderVolunteerId?: string | null;
}

/** Mainland mobile numbers: 11 digits from 13x to 19x. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** 志愿者与队伍: profiles on top of a WeChat donor, teams with leaders, and the hours served. */
@Injectable()
export class VolunteerService {
  constructor(
    private readonly volunteers: VolunteerRepository,
    private readonly signUps: SignUpRepository,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /** Registers the donor as a volunteer, or updates their profile: one profile per WeChat user. */
  async register(donorId: string, input: VolunteerProfile): Promise<VolunteerEntity> {
    const name = input.name.trim();
    if (!name) throw new InputError('input.name', '姓名不能为空');
    const phone = input.phone.replace(/[\s-]/g, '');
    if (!PHONE_PATTERN.test(phone)) throw new InputError('input.phone', '手机号须为 11 位数字');
    const skills = [...new Set((input.skills ?? []).map((s) => s.trim()).filter(Boolean))];
    if (input.teamId && !(await this.volunteers.publicTeamById(input.teamId))) {
      throw new TeamNotFoundError(input.teamId, 'input.teamId');
    }
    return this.transactions.run(async (tx) => {
      const existing = await this.volunteers.findByDonor(donorId, tx);
      return this.volunteers.upsert(tx, donorId, {
        name,
        phone,
        skills,
        expertise: input.expertise?.trim() || null,
        // Leaving teamId out keeps the team the volunteer is in.
        teamId: input.teamId === undefined ? (existing?.teamId ?? null) : input.teamId,
      });
    });
  }

  /** unscoped: the caller's own profile. */
  findByDonor(donorId: string): Promise<VolunteerEntity | null> {
    return this.volunteers.findByDonor(donorId);
  }

  /** The caller's volunteer profile; FORBIDDEN until they registered one. */
  async requireByDonor(donorId: string): Promise<VolunteerEntity> {
    const volunteer = await this.volunteers.findByDonor(donorId);
    if (!volunteer) throw new NotAVolunteerError();
    return volunteer;
  }

  /** Any volunteer: volunteers belong to no region. */
  async require(id: string, field = 'volunteerId'): Promise<VolunteerEntity> {
    const volunteer = await this.volunteers.findById(id);
    if (!volunteer) throw new VolunteerNotFoundError(id, field);
    return volunteer;
  }

  /**
   * Minutes served by each volunteer, by the rules of serviceMinutes, at the events the reader may
   * see: staff count the service inside their scope, a volunteer all of their own.
   */
  async minutesServedAs(
    reader: SignUpReader,
    volunteerIds: readonly string[],
    now: Date,
  ): Promise<Map<string, number>> {
    return totalMinutes(volunteerIds, await this.signUps.attendance(reader, volunteerIds), now);
  }

  /** unscoped: minutes served at every event, for callers outside a request (no caller, no scope). */
  async minutesServed(volunteerIds: readonly string[], now: Date): Promise<Map<string, number>> {
    return totalMinutes(volunteerIds, await this.signUps.attendanceEverywhere(volunteerIds), now);
  }

  /** unscoped: the public listing of teams of a region and the regions below it, or of every team. */
  async teams(regionCode?: string): Promise<VolunteerTeamEntity[]> {
    if (!regionCode) return this.volunteers.publicTeams();
    const region = await this.regions.requireByCode(regionCode, 'regionCode');
    return this.volunteers.publicTeams({ rootPath: region.path });
  }

  /** unscoped: public. */
  teamsByIds(ids: readonly string[]): Promise<VolunteerTeamEntity[]> {
    return this.volunteers.publicTeamsByIds(ids);
  }

  /** unscoped: public. */
  memberCounts(teamIds: readonly string[]): Promise<Map<string, number>> {
    return this.volunteers.memberCounts(teamIds);
  }

  /** unscoped: public (shown masked), by team. */
  leaderNames(teamIds: readonly string[]): Promise<Map<string, string>> {
    return this.volunteers.publicLeaderNames(teamIds);
  }

  async createTeam(scope: RegionScope, actor: StaffPrincipal, input: NewTeam): Promise<VolunteerTeamEntity> {
    const name = input.name.trim();
    if (!name) throw new InputError('input.name', '姓名不能为空');
    const region = await this.regions.requireByCode(input.regionCode, 'input.regionCode');
    if (!scope.covers(region) || !scope.mayChange) throw new OutsideScopeError(`地区 ${region.code}`);
    if (await this.volunteers.findTeamByName(name))
      throw new ConflictError(`志愿服务队「${name}」已经有了`, 'input.name');
    const leader = input.leaderVolunteerId
      ? await this.require(input.leaderVolunteerId, 'input.leaderVolunteerId')
      : null;
    return this.transactions.run(async (tx) => {
      const team = await this.volunteers.insertTeam(tx, {
        name,
        kind: input.kind,
        regionId: region.id,
        leaderVolunteerId: leader?.id ?? null,
      });
      // A leader is a member of the team they lead.
      if (leader) await this.volunteers.setTeam(tx, leader.id, team.id);
      await this.audit.record(tx, actor, {
        action: 'volunteer_team.create',
        targetType: 'volunteer_team',
        targetId: team.id,
        regionId: region.id,
        input: { ...input },
      });
      return team;
    });
  }

  async setLeader(
    scope: RegionScope,
    actor: StaffPrincipal,
    teamId: string,
    volunteerId: string,
  ): Promise<VolunteerTeamEntity> {
    const team = await this.volunteers.findTeamInScope(scope, teamId);
    if (!team || !scope.mayChange) {
      // Teams are listed publicly: FORBIDDEN for one outside the region hides nothing.
      const found = team ?? (await this.volunteers.publicTeamById(teamId));
      if (!found) throw new TeamNotFoundError(teamId);
      throw new OutsideScopeError(`志愿服务队「${found.name}」`);
    }
    const leader = await this.require(volunteerId);
    return this.transactions.run(async (tx) => {
      const locked = await this.volunteers.lockTeam(tx, scope, team.id);
      if (!locked) throw new TeamNotFoundError(teamId);
      await this.volunteers.setTeam(tx, leader.id, team.id);
      const updated = await this.volunteers.setLeader(tx, team.id, leader.id);
      await this.audit.record(tx, actor, {
        action: 'volunteer_team.set_leader',
        targetType: 'volunteer_team',
        targetId: team.id,
        regionId: team.regionId,
        input: { teamId, volunteerId },
      });
      return updated;
    });
  }
}

function totalMinutes(volunteerIds: readonly string[], rows: AttendanceRow[], now: Date): Map<string, number> {
  const totals = new Map<string, number>(volunteerIds.map((id) => [id, 0]));
  for (const row of rows) {
    totals.set(row.volunteerId, (totals.get(row.volunteerId) ?? 0) + serviceMinutes(row, row, now));
  }
  return totals;
}
