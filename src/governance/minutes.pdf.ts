import type { Catalogue } from '../common/i18n/catalogue.js';
import type { Locale } from '../common/i18n/locale.js';
import { FONT_BOLD, FONT_REGULAR, formatNumber, renderPdf } from '../common/pdf/pdf-document.js';
import type { CooperativeIdentity } from '../cooperatives/cooperatives.repository.js';
import type { AgendaItemRow } from './assemblies.repository.js';
import type { AssemblyDetailView } from './dto/assembly.view.js';
import type { ElectionTallyView } from './dto/election.view.js';

/** What the minutes print: the assembly as its detail route shows it, with the counted elections. */
export interface MinutesData {
  cooperative: CooperativeIdentity;
  assembly: AssemblyDetailView;
  agenda: AgendaItemRow[];
  elections: { title: string; tally: ElectionTallyView }[];
  memberNames: ReadonlyMap<string, string>;
}

function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** Minutes of a general assembly: attendance and quorum, each resolution with its vote and rule, election results, signatures. */
export async function renderMinutes(data: MinutesData, catalogue: Catalogue, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}): string => catalogue.translate(locale, `governance.minutes.${key}`, params);
  const n = (value: number): string => formatNumber(locale, value);
  const { cooperative, assembly } = data;
  const quorum = assembly.quorum;
  const titleOf = new Map(data.agenda.map((a) => [a.id, a.title]));

  return renderPdf(
    (doc) => {
      doc.font(FONT_BOLD).fontSize(14).text(cooperative.name);
      doc.font(FONT_REGULAR).fontSize(9).text(t('identity', { legalForm: cooperative.legal_form, registrationNumber: cooperative.registration_number, province: cooperative.province }));
      doc.moveDown();
      doc.font(FONT_BOLD).fontSize(13).text(t('title', { kind: t(`kind.${assembly.kind}`) }));
      doc.font(FONT_REGULAR).fontSize(10);
      doc.text(t('heldOn', { date: formatDate(locale, assembly.heldOn), place: assembly.place }));
      doc.text(t('call', { call: assembly.callNumber }));
      doc.text(t('notice', { date: formatDate(locale, assembly.noticeOn), rule: assembly.noticeRule }));
      doc.moveDown();

      doc.font(FONT_BOLD).fontSize(11).text(t('attendanceTitle'));
      doc.font(FONT_REGULAR).fontSize(10);
      if (quorum) {
        doc.text(t('membersCounted', { count: n(quorum.activeMembers) }));
        doc.text(t('present', { count: n(quorum.present) }));
        doc.text(t('represented', { count: n(quorum.represented) }));
        doc.text(t('quorum', { required: n(quorum.required), counted: n(quorum.counted), rule: quorum.rule }));
        doc.text(quorum.reached ? t('quorumReached') : t('quorumNotReached'));
      } else {
        doc.text(t('noQuorum'));
      }
      doc.moveDown();

      doc.font(FONT_BOLD).fontSize(11).text(t('resolutionsTitle'));
      doc.font(FONT_REGULAR).fontSize(10);
      if (assembly.resolutions.length === 0) doc.text(t('none'));
      for (const [index, r] of assembly.resolutions.entries()) {
        doc.font(FONT_BOLD).text(`${index + 1}. ${titleOf.get(r.agendaItemId) ?? ''}`);
        doc.font(FONT_REGULAR).text(t('vote', { for: n(r.for), against: n(r.against), abstain: n(r.abstain) }));
        doc.text(`${r.adopted ? t('adopted') : t('rejected')} — ${t('rule', { rule: r.rule })}`);
      }
      doc.moveDown();

      doc.font(FONT_BOLD).fontSize(11).text(t('electionsTitle'));
      doc.font(FONT_REGULAR).fontSize(10);
      if (data.elections.length === 0) doc.text(t('none'));
      for (const election of data.elections) {
        doc.font(FONT_BOLD).text(`${election.title} (${t(`electionStatus.${election.tally.status}`)})`);
        doc.font(FONT_REGULAR).text(t('voters', { count: n(election.tally.voters) }));
        for (const position of election.tally.positions) {
          const elected = position.tally.elected.map((c) => `${data.memberNames.get(c.memberId) ?? c.memberId} — ${t('votes', { count: n(c.votes) })}`);
          doc.text(`${position.title} (${t('seats', { count: n(position.seats) })}): ${elected.length > 0 ? elected.join('; ') : t('none')}`);
        }
      }
      doc.moveDown(2);

      doc.font(FONT_BOLD).fontSize(11).text(t('signaturesTitle'));
      doc.font(FONT_REGULAR).fontSize(10);
      for (const role of ['chair', 'secretary', 'scrutineer'] as const) {
        doc.moveDown();
        doc.text(`${t(`signature.${role}`)} : ______________________________`);
      }
    },
    { size: 'A4', margin: 50, info: { Title: `${cooperative.name} — ${assembly.heldOn}` } },
  );
}
