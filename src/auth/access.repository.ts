import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

export interface AccessRow {
  is_operator: boolean;
  disabled: boolean;
  has_jurisdiction: boolean;
  roles: string[];
  supervised: boolean;
  session_epoch: number;
}

/** The one statement the guard runs on every request. */
@Injectable()
export class AccessRepository {
  constructor(private readonly db: Db) {}

  /**
   * What the user holds in the cooperative (or outside any, for null), with their session
   * epoch. One statement, no transaction of its own: see migration AccessInOneStatement.
   */
  async accessOf(userId: string, cooperativeId: string | null): Promise<AccessRow | undefined> {
    const [row] = await this.db.dataSource.query<AccessRow[]>(
      'SELECT a.*, (SELECT u.session_epoch FROM users u WHERE u.id = $1) AS session_epoch FROM app_resolve_access($1, $2) a',
      [userId, cooperativeId],
    );
    return row;
  }
}
