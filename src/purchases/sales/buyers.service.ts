import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { TenantAuthContext } from '../../auth/auth-context.js';
import { DomainError } from '../../common/domain-error.js';
import { Db } from '../../database/db.js';
import type { CreateBuyerDto } from './dto/sale.dto.js';
import type { BuyerView } from './dto/sale.view.js';
import { buyerViewOf } from './sale-views.js';
import { SalesRepository } from './sales.repository.js';

/** The buyers a cooperative sells to, one per licence number. */
@Injectable()
export class BuyersService {
  constructor(
    private readonly db: Db,
    private readonly repository: SalesRepository,
    private readonly audit: AuditService,
  ) {}

  async createBuyer(auth: TenantAuthContext, dto: CreateBuyerDto): Promise<BuyerView> {
    const buyer = { name: dto.name.trim(), licenceNumber: dto.licenceNumber.trim(), type: dto.type };
    if (buyer.name === '' || buyer.licenceNumber === '') throw new DomainError('BUYER_FIELDS_BLANK');
    const id = dto.id ?? randomUUID();
    return this.db.tenant(auth, async (tx) => {
      if ((await this.repository.findBuyer(tx, id)) !== null) throw new DomainError('BUYER_ID_TAKEN', { id }, 'conflict');
      if ((await this.repository.buyerWithLicence(tx, buyer.licenceNumber)) !== null) {
        throw new DomainError('BUYER_LICENCE_TAKEN', { licenceNumber: buyer.licenceNumber }, 'conflict');
      }
      // A racing insert of the same id or licence is a registered conflict (purchases.conflicts.ts).
      await this.repository.insertBuyer(tx, id, buyer, auth.userId);
      const row = await this.repository.findBuyer(tx, id);
      if (row === null) throw new Error('The buyer just inserted is not readable');
      const view = buyerViewOf(row);
      await this.audit.record(tx, auth, { action: 'buyer.created', entity: 'buyer', entityId: id, after: { ...view } });
      return view;
    });
  }

  async listBuyers(auth: TenantAuthContext): Promise<BuyerView[]> {
    const rows = await this.db.tenant(auth, (tx) => this.repository.buyers(tx));
    return rows.map(buyerViewOf);
  }
}
