import { Injectable } from '@nestjs/common';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { Db } from '../database/db.js';
import { MemberStandingRepository } from '../miners/member-standing.repository.js';
import { AssembliesRepository } from './assemblies.repository.js';
import { ElectionCount } from './election-count.js';
import { GovernanceContext } from './governance.context.js';
import type { MinutesData } from './minutes.pdf.js';

/** What the minutes of an assembly print, read in one transaction. */
@Injectable()
export class MinutesService {
  constructor(
    private readonly db: Db,
    private readonly context: GovernanceContext,
    private readonly assemblies: AssembliesRepository,
    private readonly count: ElectionCount,
    private readonly standing: MemberStandingRepository,
  ) {}

  async minutes(auth: TenantAuthContext, assemblyId: string): Promise<MinutesData> {
    return this.db.tenant(auth, async (tx) => {
      const cooperative = await this.context.cooperativeOf(tx);
      const assembly = await this.context.assemblyDetail(tx, assemblyId);
      const agenda = await this.assemblies.agenda(tx, assemblyId);
      const elections: MinutesData['elections'] = await this.count.closedTalliesOf(tx, assemblyId);
      const ids = [...new Set(elections.flatMap((e) => e.tally.positions.flatMap((p) => p.tally.elected.map((c) => c.memberId))))];
      const members = await this.standing.membersOn(tx, assembly.heldOn, ids);
      const memberNames = new Map(members.map((m) => [m.id, `${m.first_name} ${m.last_name} (${m.member_number})`]));
      return { cooperative, assembly, agenda, elections, memberNames };
    });
  }
}
