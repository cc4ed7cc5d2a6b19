import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { FONT_BOLD, FONT_REGULAR, formatNumber, renderPdf } from '../common/pdf/pdf-document.js';
import { drawTable, RULED_TABLE, type TableRow } from '../common/pdf/pdf-table.js';
import type { AssessmentReport } from './site-assessments.service.js';

const MARGIN = 40;
const STYLE = { ...RULED_TABLE, margin: MARGIN };

/**
 * One site's assessment against a standard, for the site's file and for buyers: the standard
 * and its version, the level reached and the scores per section, then every criterion with
 * its answer, note, evidence count and corrective action, a repeated failure marked.
 */
export async function renderAssessmentReport(report: AssessmentReport, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const { detail, standard } = report;
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `standards.pdf.${key}`, params);
  const label = (kind: string, code: string): string => catalogue.translate(locale, `label.${kind}.${code}`);
  const score = (bp: number | null): string => (bp === null ? '—' : `${formatNumber(locale === 'fr' ? 'fr-FR' : 'en-GB', bp / 100, { maximumFractionDigits: 2 })} %`);
  const levelName = (id: string | null): string => (id === null ? t('noLevel') : (standard.levels.find((level) => level.id === id)?.name[locale] ?? id));
  return renderPdf(
    (doc) => {
      doc.font(FONT_BOLD).fontSize(15).text(t('title'), MARGIN, MARGIN);
      doc.font(FONT_REGULAR).fontSize(10);
      doc.text(`${standard.name[locale]} — ${t('version', { version: standard.version })}`);
      doc.text(t('site', { site: report.siteName, date: detail.assessedOn }));
      if (detail.assessorName !== null) doc.text(t('assessor', { name: detail.assessorName }));
      doc.font(FONT_BOLD).text(t('levelReached', { level: levelName(detail.levelReached) }));
      doc.font(FONT_REGULAR).text(t('overall', { score: score(detail.scoreBp), trend: label('assessmentTrend', detail.trend) }));
      if (detail.summary !== null) doc.text(detail.summary);
      doc.moveDown();

      const sections: TableRow[] = detail.sections.map((section) => ({
        cells: [section.title[locale], String(section.met), String(section.notMet), String(section.notApplicable), score(section.scoreBp)],
      }));
      drawTable(doc, STYLE, [
        { header: t('section'), weight: 5 }, { header: label('criterionResult', 'met'), weight: 1, align: 'right' },
        { header: label('criterionResult', 'not_met'), weight: 1, align: 'right' }, { header: label('criterionResult', 'not_applicable'), weight: 1, align: 'right' },
        { header: t('score'), weight: 1.4, align: 'right' },
      ], sections);
      doc.moveDown();

      const titles = new Map(detail.sections.map((section) => [section.sectionId, section.title[locale]]));
      const rows: TableRow[] = [];
      for (const section of detail.sections) {
        rows.push({ cells: [titles.get(section.sectionId) ?? section.sectionId], bold: true, shaded: true, keepWithNext: true });
        for (const criterion of detail.criteria.filter((candidate) => candidate.sectionId === section.sectionId)) {
          const action = criterion.correctiveAction;
          const done = criterion.previousActions.filter((previous) => previous.status === 'done');
          const remarks = [
            criterion.note ?? '',
            criterion.failedTwiceInARow ? t('failedTwice') : '',
            action === null ? '' : t('action', { dueOn: action.dueOn, status: label('actionStatus', action.status) }),
            done.length > 0 ? t('previousActionDone', { count: done.length }) : '',
          ].filter((part) => part.length > 0).join(' · ');
          rows.push({
            cells: [`${criterion.must ? `${t('must')} · ` : ''}${criterion.text[locale]}`, levelName(criterion.level), label('criterionResult', criterion.result), String(criterion.evidence.length), remarks],
            bold: criterion.failedTwiceInARow,
          });
        }
      }
      drawTable(doc, STYLE, [
        { header: t('criterion'), weight: 6 }, { header: t('level'), weight: 2 }, { header: t('result'), weight: 1.6 },
        { header: t('evidence'), weight: 1, align: 'right' }, { header: t('remarks'), weight: 4 },
      ], rows);
      doc.moveDown();
      doc.font(FONT_REGULAR).fontSize(7).text(`${t('source', { publisher: standard.publisher, url: standard.sourceUrl })} ${standard.licenceNote[locale]}`, MARGIN);
    },
    { size: 'A4', margin: MARGIN, info: { Title: `${t('title')} — ${report.siteName}` } },
  );
}
