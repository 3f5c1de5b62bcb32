import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { VolunteerTeamEntity } from './volunteer-team.entity';
import { VolunteerEntity } from './volunteer.entity';

export type VolunteerFields = Pick<VolunteerEntity, 'name' | 'phone' | 'skills' | 'expertise' | 'teamId'>;

/** The SQL of volunteers and their teams. */
@Injectable()
export class VolunteerRepository {
  constructor(
    @InjectRepository(VolunteerEntity) private readonly volunteers: Repository<VolunteerEntity>,
    @InjectRepository(VolunteerTeamEntity) private readonly teams: Repository<VolunteerTeamEntity>,
  ) {}

  findByDonor(donorId: string, tx?: EntityManager): Promise<VolunteerEntity | null> {
    return tx ? tx.findOneBy(VolunteerEntity, { donorId }) : this.volunteers.findOneBy({ donorId });
  }

  findById(id: string, tx?: EntityManager): Promise<VolunteerEntity | null> {
    return tx ? tx.findOneBy(VolunteerEntity, { id }) : this.volunteers.findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<VolunteerEntity[]> {
    return this.volunteers.findBy({ id: In([...ids]) });
  }

  /** Locks the volunteer for the rest of the transaction: their sign-ups happen one at a time. */
  lock(tx: EntityManager, id: string): Promise<VolunteerEntity | null> {
    return tx.findOne(VolunteerEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Creates the donor's profile, or updates it: one per donor, whoever calls first. */
  async upsert(tx: EntityManager, donorId: string, fields: VolunteerFields): Promise<VolunteerEntity> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(VolunteerEntity)
      .values({ donorId, ...fields })
      .orUpdate(['name', 'phone', 'skills', 'expertise', 'team_id', 'updated_at'], ['donor_id'])
      .execute();
    return tx.findOneByOrFail(VolunteerEntity, { donorId });
  }

  async setTeam(tx: EntityManager, volunteerId: string, teamId: string): Promise<void> {
    await tx.update(VolunteerEntity, { id: volunteerId }, { teamId });
  }

  insertTeam(
    tx: EntityManager,
    team: Pick<VolunteerTeamEntity, 'name' | 'kind' | 'regionId' | 'leaderVolunteerId'>,
  ): Promise<VolunteerTeamEntity> {
    return tx.save(VolunteerTeamEntity, tx.create(VolunteerTeamEntity, team));
  }

  findTeamByName(name: string): Promise<VolunteerTeamEntity | null> {
    return this.teams.findOneBy({ name });
  }

  findTeamById(id: string, tx?: EntityManager): Promise<VolunteerTeamEntity | null> {
    return tx ? tx.findOneBy(VolunteerTeamEntity, { id }) : this.teams.findOneBy({ id });
  }

  findTeamsByIds(ids: readonly string[]): Promise<VolunteerTeamEntity[]> {
    return this.teams.findBy({ id: In([...ids]) });
  }

  allTeams(): Promise<VolunteerTeamEntity[]> {
    return this.teams.find({ order: { name: 'ASC' }, take: 500 });
  }

  findTeamsInRegions(regionIds: string[]): Promise<VolunteerTeamEntity[]> {
    return this.teams.find({ where: { regionId: In(regionIds) }, order: { name: 'ASC' } });
  }

  lockTeam(tx: EntityManager, id: string): Promise<VolunteerTeamEntity | null> {
    return tx.findOne(VolunteerTeamEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async setLeader(tx: EntityManager, teamId: string, volunteerId: string): Promise<VolunteerTeamEntity> {
    await tx.update(VolunteerTeamEntity, { id: teamId }, { leaderVolunteerId: volunteerId });
    return tx.findOneByOrFail(VolunteerTeamEntity, { id: teamId });
  }

  async memberCounts(teamIds: readonly string[]): Promise<Map<string, number>> {
    if (teamIds.length === 0) return new Map();
    // count(*) is a string on pg and a number on PGlite.
    const rows: { team_id: string; n: string | number }[] = await this.volunteers.query(
      'SELECT team_id, count(*) AS n FROM volunteer WHERE team_id = ANY($1::uuid[]) GROUP BY team_id',
      [teamIds],
    );
    return new Map(rows.map((r) => [r.team_id, Number(r.n)]));
  }
}
