import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantAuthContext } from '../auth/auth-context.js';
import { exportCooperative } from '../database/cooperative-export.js';
import { Db } from '../database/db.js';
import { DATABASE_TARGET } from '../database/database.module.js';
import type { DatabaseTarget } from '../database/database-target.js';
import { ReadReplica } from '../database/read-replica.js';
import { BackupMismatchError } from '../database/table-dump.js';

/**
 * An admin takes their cooperative's data out through the API: the same sealed file as
 * `npm run cli -- cooperative:export`, written to a private temporary file (constant memory
 * whatever the cooperative's size), streamed, then deleted. The export is in the audit trail.
 * The rows are read on the read replica when one serves the caller (the same owner snapshot
 * as on the primary), on the primary otherwise or if the replica fails the export.
 */
@Injectable()
export class CooperativeExportService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    private readonly replica: ReadReplica,
  ) {}

  async export(auth: TenantAuthContext, passphrase: string): Promise<{ file: Readable; filename: string }> {
    const folder = mkdtempSync(join(tmpdir(), 'ushirika-export-'));
    const path = join(folder, 'export.ushirika');
    try {
      const { rows, tables } = await this.readRows(auth, path, passphrase);
      await this.db.tenant(auth, (tx) =>
        this.audit.record(tx, auth, { action: 'cooperative.exported', entity: 'cooperative', entityId: auth.cooperativeId, after: { rows, tables } }),
      );
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    const file = createReadStream(path);
    file.once('close', () => rmSync(folder, { recursive: true, force: true }));
    const day = new Date().toISOString().slice(0, 10);
    return { file, filename: `cooperative-${auth.cooperativeId}-${day}.ushirika` };
  }

  private async readRows(auth: TenantAuthContext, path: string, passphrase: string): ReturnType<typeof exportCooperative> {
    const replicaUrl = await this.replica.ownerUrlFor(auth.scope);
    if (replicaUrl !== undefined) {
      try {
        return await exportCooperative(replicaUrl, auth.cooperativeId, path, passphrase);
      } catch (error) {
        // A cooperative created a moment ago may not be on the standby yet: the primary decides.
        if (!(error instanceof BackupMismatchError) && !this.replica.retryOnPrimary(error)) throw error;
      }
    }
    return exportCooperative(this.target.ownerUrl, auth.cooperativeId, path, passphrase);
  }
}
