import { Injectable } from '@nestjs/common';
import { Db, scopeToCooperatives } from '../database/db.service.js';
import type { CooperativeRole } from './roles.js';

export interface Me {
  readonly id: string;
  readonly login: string;
  readonly name: string;
  readonly operator: boolean;
  readonly cooperatives: { cooperativeId: string; name: string; roles: CooperativeRole[] }[];
  readonly jurisdictions: { country: string; province: string }[];
}

@Injectable()
export class MeService {
  constructor(private readonly db: Db) {}

  async describe(userId: string): Promise<Me> {
    return this.db.inScope({ cooperativeIds: [], userId, readOnly: true }, async (tx) => {
      const [user] = await tx.query<{ id: string; login: string; name: string; is_operator: boolean }[]>(
        'SELECT id, login, name, is_operator FROM users WHERE id = $1',
        [userId],
      );
      const roles = await tx.query<{ cooperative_id: string; role: CooperativeRole }[]>(
        'SELECT cooperative_id, role FROM user_roles WHERE user_id = $1 ORDER BY cooperative_id, role',
        [userId],
      );
      const ids = [...new Set(roles.map((row) => row.cooperative_id))];
      await scopeToCooperatives(tx, ids);
      const names = await tx.query<{ id: string; name: string }[]>(
        `SELECT id, name FROM cooperatives WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const jurisdictions = await tx.query<{ country: string; province: string }[]>(
        'SELECT country, province FROM supervisor_jurisdictions WHERE user_id = $1 ORDER BY country, province',
        [userId],
      );
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
      };
    });
  }
}
