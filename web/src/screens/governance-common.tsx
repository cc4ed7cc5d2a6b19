import { api, ok, type Schema } from '../api/client';
import { Field, Select } from '../components/ui';
import { cooperativePath } from '../cooperative';
import { t } from '../i18n/i18n';
import { label, labelled } from '../i18n/labels';

export type Member = Schema<'MinerSummaryView'>;
export type DecisionKind = Schema<'AgendaItemDto'>['decisionKind'];
export interface AgendaDraft {
  readonly title: string;
  readonly decisionKind: DecisionKind;
}

export const governancePath = (assemblyId?: string, electionId?: string): string =>
  ['/admin/governance', assemblyId, electionId && `elections/${electionId}`].filter(Boolean).join('/');

export const cooperativeApiPath = (): string => `/api/v1/cooperatives/${cooperativePath().cooperativeId}`;

/** Every active member of the cooperative, all pages: an assembly's register and its candidates. */
export async function loadActiveMembers(): Promise<Member[]> {
  const members: Member[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.GET('/api/v1/cooperatives/{cooperativeId}/miners', { params: { path: cooperativePath(), query: { status: 'active', limit: 200, cursor } } }));
    members.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return members.sort((a, b) => memberName(a).localeCompare(memberName(b)));
}

export function memberName(member: Pick<Member, 'firstName' | 'middleName' | 'lastName'>): string {
  return [member.firstName, member.middleName, member.lastName].filter(Boolean).join(' ');
}

/** A name for a member id, its number beside it; the id itself never reaches the screen. */
export function nameOf(members: readonly Member[] | null, id: string): string {
  const member = members?.find((candidate) => candidate.id === id);
  return member ? `${memberName(member)} (${member.memberNumber})` : t('assembly.unknownMember');
}

/** Words matched against names and member numbers, accents and case ignored. */
export function matchesMember(member: Member, query: string): boolean {
  const fold = (text: string): string => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const haystack = fold(`${memberName(member)} ${member.memberNumber}`);
  return fold(query).split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

/** A rule code the API names (quorum, majority, notice) in words. */
export const ruleWords = (rule: string): string => label('governanceRule', rule);

export function AgendaEditor({ items, onItems, extraordinary }: { readonly items: readonly AgendaDraft[]; readonly onItems: (items: AgendaDraft[]) => void; readonly extraordinary: boolean }) {
  const kinds = labelled('decisionKind').filter((kind) => extraordinary || kind === 'ordinary') as DecisionKind[];
  const set = (index: number, item: Partial<AgendaDraft>): void => onItems(items.map((current, at) => (at === index ? { ...current, ...item } : current)));
  return (
    <fieldset class="agenda">
      <legend>{t('assembly.agenda')}</legend>
      {items.map((item, index) => (
        <div key={index} class="agenda-item">
          <Field label={t('assembly.agendaItem', { n: index + 1 })} value={item.title} onValue={(title) => set(index, { title })} required />
          <Select
            label={t('assembly.decisionKind', { n: index + 1 })}
            value={item.decisionKind}
            onValue={(decisionKind) => set(index, { decisionKind: decisionKind as DecisionKind })}
            options={kinds.map((value) => ({ value, label: label('decisionKind', value) }))}
          />
          {items.length > 1 && (
            <button type="button" class="secondary" onClick={() => onItems(items.filter((_, at) => at !== index))}>
              {t('assembly.removeItem', { n: index + 1 })}
            </button>
          )}
        </div>
      ))}
      <button type="button" class="secondary" onClick={() => onItems([...items, { title: '', decisionKind: 'ordinary' }])}>
        {t('assembly.addItem')}
      </button>
    </fieldset>
  );
}
