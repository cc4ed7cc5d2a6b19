import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import type { TenantTx } from '../database/tx.js';
import { type ElectionTallyView, lotDrawRecordView, mandateView } from './dto/election.view.js';
import { type ElectionRow, ElectionsRepository } from './elections.repository.js';
import { GovernanceContext } from './governance.context.js';
import { countPositions, recordedLotDraw } from './rules/index.js';

/** The count of a closed poll, as every route that shows results answers it. */
@Injectable()
export class ElectionCount {
  constructor(
    private readonly context: GovernanceContext,
    private readonly elections: ElectionsRepository,
  ) {}

  /** The tally of every election of an assembly whose poll is closed; open polls have nothing to show yet. */
  async closedTalliesOf(tx: TenantTx, assemblyId: string): Promise<{ title: string; tally: ElectionTallyView }[]> {
    const tallies: { title: string; tally: ElectionTallyView }[] = [];
    for (const election of await this.elections.electionsOf(tx, assemblyId)) {
      if (election.status !== 'open') tallies.push({ title: election.title, tally: await this.of(tx, election) });
    }
    return tallies;
  }

  /** Refused while the poll is open: a running count would pair each vote with its voter. */
  async of(tx: TenantTx, election: ElectionRow): Promise<ElectionTallyView> {
    if (election.status === 'open') throw new DomainError('POLL_STILL_OPEN', { electionId: election.id }, 'conflict');
    const bylaws = await this.context.bylawsOf(tx);
    const positions = await this.elections.positions(tx, election.id);
    const candidacies = await this.elections.candidacies(tx, election.id);
    const ballots = await this.elections.ballots(tx, election.id);
    const draws = await this.elections.lotDraws(tx, election.id);
    // Elections certified before the sealed box have no recorded turnout: one ballot per voter.
    const voters = election.turnout ?? ballots.length;
    const counted = countPositions(
      {
        positions: positions.map((p) => ({ id: p.id, title: p.title, seats: p.seats, termMonths: p.term_months })),
        candidacies: candidacies.map((c) => ({ positionId: c.position_id, memberId: c.member_id, membershipDate: c.membership_date, birthDate: c.date_of_birth })),
        ballots,
        voters,
        lotDraws: new Map(draws.map((d) => [d.position_id, recordedLotDraw({ seed: d.seed, order: d.draw_order })])),
      },
      bylaws,
    );
    const nextRound = await this.elections.nextRound(tx, election.id);
    return {
      electionId: election.id,
      status: election.status,
      round: election.round,
      previousElectionId: election.previous_election_id,
      nextRoundElectionId: nextRound?.id ?? null,
      voters,
      positions: counted,
      lotDraws: draws.map(lotDrawRecordView),
      mandates: (await this.elections.mandates(tx, election.id)).map(mandateView),
    };
  }
}
