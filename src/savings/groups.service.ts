import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/domain-error.js';
import { Db } from '../database/db.js';
import type { TenantTx } from '../database/tx.js';
import type { SavingsCommitteeView, SavingsGroupDetailView, SavingsGroupView, SavingsMemberView } from './dto/savings-group.view.js';
import type { AddMemberDto, CreateGroupDto, ElectCommitteeDto } from './dto/savings.dto.js';
import { assertIsoDateFromYear100 } from '../common/calendar-date.js';
import { committeeSeats } from './rules/committee.js';
import { readsEveryGroup } from './savings-access.js';
import { SavingsBooks } from './savings-books.js';
import { SavingsCyclesRepository } from './savings-cycles.repository.js';
import { SavingsGroupsRepository } from './savings-groups.repository.js';
import type { MemberRow } from './savings-rows.js';
import { committeeView, cycleView, groupView, memberView } from './savings-views.js';

/** Savings groups, their members, the treasurers assigned to them and their committees. */
@Injectable()
export class SavingsGroupsService {
  constructor(
    private readonly db: Db,
    private readonly books: SavingsBooks,
    private readonly groups: SavingsGroupsRepository,
    private readonly cycles: SavingsCyclesRepository,
    private readonly audit: AuditService,
  ) {}

  createGroup(auth: TenantAuthContext, dto: CreateGroupDto): Promise<SavingsGroupDetailView> {
    const id = dto.id ?? randomUUID();
    const name = dto.name.trim();
    return this.db.tenant(auth, async (tx) => {
      if (await this.groups.groupById(tx, id)) throw new DomainError('SAVINGS_ID_TAKEN', { id }, 'conflict');
      if (await this.groups.groupNameTaken(tx, name)) throw new DomainError('SAVINGS_GROUP_NAME_TAKEN', { name }, 'conflict');
      const row = { id, name, meeting_place: dto.meetingPlace.trim(), frequency: dto.frequency, meeting_weekday: dto.meetingWeekday };
      await this.groups.insertGroup(tx, row, auth.userId);
      await this.audit.record(tx, auth, { action: 'savings.group.created', entity: 'savings_group', entityId: id, after: row });
      return this.detail(tx, auth, id);
    });
  }

  listGroups(auth: TenantAuthContext): Promise<SavingsGroupView[]> {
    const onlyAssignedTo = readsEveryGroup(auth) ? null : auth.userId;
    return this.db.tenant(auth, async (tx) => (await this.groups.groupsOf(tx, onlyAssignedTo)).map(groupView));
  }

  group(auth: TenantAuthContext, groupId: string): Promise<SavingsGroupDetailView> {
    return this.db.tenant(auth, (tx) => this.detail(tx, auth, groupId));
  }

  addMember(auth: TenantAuthContext, groupId: string, dto: AddMemberDto): Promise<SavingsMemberView> {
    return this.db.tenant(auth, async (tx) => {
      await this.books.writableGroup(tx, auth, groupId);
      const id = dto.id ?? randomUUID();
      if (await this.groups.memberIdTaken(tx, id)) throw new DomainError('SAVINGS_ID_TAKEN', { id }, 'conflict');
      const identity = await this.memberIdentity(tx, groupId, dto);
      const joinedOn = dto.joinedOn === undefined ? await this.books.today(tx) : assertIsoDateFromYear100(dto.joinedOn);
      const row: MemberRow = { id, group_id: groupId, miner_id: dto.minerId ?? null, ...identity, joined_on: joinedOn };
      await this.groups.insertMember(tx, row, auth.userId);
      await this.audit.record(tx, auth, { action: 'savings.member.added', entity: 'savings_group_member', entityId: id, after: { ...row } });
      return memberView(row);
    });
  }

  setTreasurers(auth: TenantAuthContext, groupId: string, userIds: readonly string[]): Promise<SavingsGroupDetailView> {
    return this.db.tenant(auth, async (tx) => {
      await this.books.requireGroup(tx, groupId);
      const holders = new Set(await this.groups.usersHoldingTreasurerRole(tx, userIds));
      const missing = userIds.filter((userId) => !holders.has(userId));
      if (missing.length > 0) throw new DomainError('TREASURER_ROLE_REQUIRED', { userIds: missing.join(', ') });
      const before = await this.groups.treasurerIds(tx, groupId);
      await this.groups.replaceTreasurers(tx, groupId, userIds, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.treasurers.assigned', entity: 'savings_group', entityId: groupId,
        before: { treasurerIds: before }, after: { treasurerIds: [...userIds].sort() },
      });
      return this.detail(tx, auth, groupId);
    });
  }

  committee(auth: TenantAuthContext, groupId: string): Promise<SavingsCommitteeView | null> {
    return this.db.tenant(auth, async (tx) => {
      await this.books.readableGroup(tx, auth, groupId);
      return committeeView(await this.groups.latestCommittee(tx, groupId));
    });
  }

  /** Records an election: a new term of the committee, key-holders and box-keeper; earlier terms stay as history. */
  electCommittee(auth: TenantAuthContext, groupId: string, dto: ElectCommitteeDto): Promise<SavingsCommitteeView> {
    const seats = committeeSeats(dto);
    const electedOn = assertIsoDateFromYear100(dto.electedOn);
    return this.db.tenant(auth, async (tx) => {
      await this.books.writableGroup(tx, auth, groupId);
      const memberIds = new Set(await this.books.memberIds(tx, groupId));
      const stranger = seats.find(({ memberId }) => !memberIds.has(memberId));
      if (stranger) throw new DomainError('SAVINGS_MEMBER_NOT_IN_GROUP', { memberId: stranger.memberId });
      const before = committeeView(await this.groups.latestCommittee(tx, groupId));
      const id = dto.id ?? randomUUID();
      await this.groups.insertCommittee(tx, { id, groupId, electedOn }, seats, auth.userId);
      await this.audit.record(tx, auth, {
        action: 'savings.committee.elected', entity: 'savings_group', entityId: groupId,
        before: before as unknown as Record<string, unknown> | null, after: { termId: id, electedOn, seats },
      });
      return committeeView(await this.groups.latestCommittee(tx, groupId)) as SavingsCommitteeView;
    });
  }

  private async detail(tx: TenantTx, auth: TenantAuthContext, groupId: string): Promise<SavingsGroupDetailView> {
    const group = await this.books.readableGroup(tx, auth, groupId);
    return {
      ...groupView(group),
      treasurerIds: await this.groups.treasurerIds(tx, groupId),
      members: (await this.groups.membersOfGroup(tx, groupId)).map(memberView),
      committee: committeeView(await this.groups.latestCommittee(tx, groupId)),
      cycles: (await this.cycles.cyclesOfGroup(tx, groupId)).map(cycleView),
    };
  }

  private async memberIdentity(tx: TenantTx, groupId: string, dto: AddMemberDto): Promise<Pick<MemberRow, 'first_name' | 'last_name' | 'sex' | 'phone'>> {
    if (dto.minerId !== undefined) {
      const miner = await this.groups.minerIdentity(tx, dto.minerId);
      if (!miner) throw new DomainError('MINER_NOT_FOUND', {}, 'not_found');
      if (await this.groups.minerInGroup(tx, groupId, dto.minerId)) throw new DomainError('SAVINGS_MEMBER_ALREADY_IN_GROUP', {}, 'conflict');
      return { first_name: miner.first_name, last_name: miner.last_name, sex: miner.sex, phone: dto.phone ?? miner.phone };
    }
    if (dto.firstName === undefined || dto.lastName === undefined || dto.sex === undefined) throw new DomainError('SAVINGS_MEMBER_IDENTITY_REQUIRED', {});
    return { first_name: dto.firstName.trim(), last_name: dto.lastName.trim(), sex: dto.sex, phone: dto.phone ?? null };
  }
}
