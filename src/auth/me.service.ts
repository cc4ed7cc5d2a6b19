import { Injectable } from '@nestjs/common';
import { CooperativesRepository } from '../cooperatives/cooperatives.repository.js';
import { Db, scopeToCooperatives } from '../database/db.js';
import { Scopes } from '../database/scopes.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import type { MeView } from './dto/me.view.js';

@Injectable()
export class MeService {
  constructor(
    private readonly db: Db,
    private readonly users: UsersRepository,
    private readonly cooperatives: CooperativesRepository,
    private readonly organisations: OrganisationsRepository,
  ) {}

  async describe(userId: string): Promise<MeView> {
    return this.db.run(Scopes.account(userId, true), async (tx) => {
      const user = await this.users.userById(tx, userId);
      if (!user) throw new Error(`The signed-in user ${userId} is not readable`);
      const roles = await this.users.rolesOfUser(tx, userId);
      const ids = [...new Set(roles.map((row) => row.cooperative_id))];
      await scopeToCooperatives(tx, ids);
      const names = await this.cooperatives.cooperativeNames(tx, ids);
      const jurisdictions = await this.users.jurisdictionsOf(tx, userId);
      const affiliation = await this.organisations.affiliationOf(tx, userId);
      return {
        id: user.id,
        login: user.login,
        name: user.name,
        operator: user.is_operator,
        cooperatives: ids.map((cooperativeId) => ({
          cooperativeId,
          name: names.find((row) => row.id === cooperativeId)?.name ?? '',
          roles: roles.filter((row) => row.cooperative_id === cooperativeId).map((row) => row.role),
        })),
        jurisdictions,
        organisation: affiliation && { id: affiliation.organisationId, name: affiliation.organisationName, role: affiliation.role },
      };
    });
  }
}
