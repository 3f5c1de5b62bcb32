import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RegionScope } from '@shanchou/identity';
import { Subtree, SubtreeRoot } from '@shanchou/regions';
import { EntityManager, In, Repository } from 'typeorm';
import { VolunteerTeamEntity } from './volunteer-team.entity';
import { VolunteerEntity } from './volunteer.entity';

export type VolunteerFields = Pick<VolunteerEntity, 'name' | 'phone' | 'skills' | 'expertise' | 'teamId'>;

/**
 * The SQL of volunteers and their teams. A volunteer belongs to no region (like the donor they
 * are); a team belongs to its region, is listed publicly, and is managed by staff in scope.
 */
@Injectable()
export class VolunteerRepository {
  constructor(
    @InjectRepository(VolunteerEntity) private readonly volunteers: Repository<VolunteerEntity>,
    @InjectRepository(VolunteerTeamEntity) private readonly teams: Repository<VolunteerTeamEntity>,
  ) {}

  /** unscoped: the caller's own profile. */
  findByDonor(donorId: string, tx?: EntityManager): Promise<VolunteerEntity | null> {
    return tx ? tx.findOneBy(VolunteerEntity, { donorId }) : this.volunteers.findOneBy({ donorId });
  }

  findById(id: string, tx?: EntityManager): Promise<VolunteerEntity | null> {
    return tx ? tx.findOneBy(VolunteerEntity, { id }) : this.volunteers.findOneBy({ id });
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

  /** unscoped: team names are unique across the platform. */
  findTeamByName(name: string): Promise<VolunteerTeamEntity | null> {
    return this.teams.findOneBy({ name });
  }

  /** unscoped: public, volunteers join any team. */
  publicTeamById(id: string): Promise<VolunteerTeamEntity | null> {
    return this.teams.findOneBy({ id });
  }

  /** unscoped: public. */
  publicTeamsByIds(ids: readonly string[]): Promise<VolunteerTeamEntity[]> {
    return this.teams.findBy({ id: In([...ids]) });
  }

  /** unscoped: the public listing, of a region and the regions below it or (at most 500) of all. */
  publicTeams(within?: SubtreeRoot): Promise<VolunteerTeamEntity[]> {
    const q = this.teams.createQueryBuilder('t').orderBy('t.name', 'ASC');
    if (within) q.where(...Subtree.of(within, 'within').regionIn('t.region_id'));
    else q.limit(500);
    return q.getMany();
  }

  /** A team of a region inside the scope; null otherwise. */
  findTeamInScope(scope: RegionScope, id: string): Promise<VolunteerTeamEntity | null> {
    return this.teams
      .createQueryBuilder('t')
      .where('t.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('t.region_id'))
      .getOne();
  }

  /** Locks a team inside the scope for the rest of the transaction; null outside it. */
  lockTeam(tx: EntityManager, scope: RegionScope, id: string): Promise<VolunteerTeamEntity | null> {
    return tx
      .createQueryBuilder(VolunteerTeamEntity, 't')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('t.region_id'))
      .getOne();
  }

  async setLeader(tx: EntityManager, teamId: string, volunteerId: string): Promise<VolunteerTeamEntity> {
    await tx.update(VolunteerTeamEntity, { id: teamId }, { leaderVolunteerId: volunteerId });
    return tx.findOneByOrFail(VolunteerTeamEntity, { id: teamId });
  }

  /** unscoped: public, every team shows how many it has. */
  async memberCounts(teamIds: readonly string[]): Promise<Map<string, number>> {
    if (teamIds.length === 0) return new Map();
    // count(*) is a string on pg and a number on PGlite.
    const rows: { team_id: string; n: string | number }[] = await this.volunteers.query(
      'SELECT team_id, count(*) AS n FROM volunteer WHERE team_id = ANY($1::uuid[]) GROUP BY team_id',
      [teamIds],
    );
    return new Map(rows.map((r) => [r.team_id, Number(r.n)]));
  }

  /** unscoped: public, the name of each team's leader (shown masked): by team, so no other volunteer's. */
  async publicLeaderNames(teamIds: readonly string[]): Promise<Map<string, string>> {
    if (teamIds.length === 0) return new Map();
    const rows: { team_id: string; name: string }[] = await this.teams.query(
      `SELECT t.id AS team_id, v.name FROM volunteer_team t JOIN volunteer v ON v.id = t.leader_volunteer_id
        WHERE t.id = ANY($1::uuid[])`,
      [teamIds],
    );
    return new Map(rows.map((r) => [r.team_id, r.name]));
  }
}
