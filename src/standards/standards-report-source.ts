import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../database/tx.js';
import type { LocalisedText } from './rules/standard-schema.js';
import { SiteAssessmentsRepository } from './site-assessments.repository.js';
import { StandardsCatalogue } from './standards-catalogue.js';

export interface StandardsReportRow {
  /** `siteId|standardId`. */
  readonly key: string;
  readonly siteId: string;
  readonly siteName: string;
  readonly standardId: string;
  readonly standardVersion: string;
  readonly assessedOn: string;
  readonly scoreBp: number | null;
  readonly levelReached: string | null;
  readonly levelName: LocalisedText | null;
  /** Corrective actions opened by this site's assessments against this standard, still open when the report was made. */
  readonly openActions: number;
}

/** The regulator report's standards section: each site's latest assessment of the period per standard. */
export interface StandardsReportSection {
  readonly sitesAssessed: number;
  readonly rows: readonly StandardsReportRow[];
}

/** What the regulator's report reads of site assessments, in the report's transaction. */
@Injectable()
export class StandardsReportSource {
  constructor(
    private readonly catalogue: StandardsCatalogue,
    private readonly repository: SiteAssessmentsRepository,
  ) {}

  async section(tx: TenantTx, period: { readonly from: string; readonly to: string }): Promise<StandardsReportSection> {
    const rows = await this.repository.latestAssessmentsBetween(tx, period.from, period.to);
    return {
      sitesAssessed: new Set(rows.map((row) => row.site_id)).size,
      rows: rows.map((row) => ({
        key: `${row.site_id}|${row.standard_id}`, siteId: row.site_id, siteName: row.site_name, standardId: row.standard_id, standardVersion: row.standard_version,
        assessedOn: row.assessed_on, scoreBp: row.score_bp, levelReached: row.level_reached, levelName: this.levelName(row.standard_id, row.standard_version, row.level_reached), openActions: row.open_actions,
      })),
    };
  }

  private levelName(standardId: string, version: string, level: string | null): LocalisedText | null {
    if (level === null) return null;
    return this.catalogue.get(standardId, version).levels.find((candidate) => candidate.id === level)?.name ?? null;
  }
}
