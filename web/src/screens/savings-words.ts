import { type Schema } from '../api/client';
import { t, type MessageKey } from '../i18n/i18n';
import { label } from '../i18n/labels';

/** The savings screens' sentences: names, ledger kinds, fines and cash gaps in words. */
type SavingsGroup = Schema<'SavingsGroupDetailView'>;

export function memberName(group: SavingsGroup, memberId: string | null): string {
  const member = group.members.find((candidate) => candidate.id === memberId);
  return member ? `${member.firstName} ${member.lastName}` : '—';
}

/** The group's members as a select's choices, none chosen first. */
export function memberChoices(group: SavingsGroup): { value: string; label: string }[] {
  return [{ value: '', label: '—' }, ...group.members.map((member) => ({ value: member.id, label: memberName(group, member.id) }))];
}

type Movement = Schema<'SavingsMovementView'>;

/** A ledger kind in words. */
export function kindLabel(kind: Movement['kind']): string {
  return label('savingsMovement', kind);
}

const KNOWN_FINES = new Set(['late', 'absent', 'absent_without_leave', 'misconduct', 'noise', 'phone']);

/** A fine type in words: the known codes are translated, a group's own code is shown as written, underscores as spaces. */
export function fineLabel(code: string): string {
  return KNOWN_FINES.has(code) ? t(`savings.fineCode.${code}` as MessageKey) : code.replaceAll('_', ' ');
}

/** A movement as one line a treasurer reads: who, what, how much, why. */
export function describeMovement(group: SavingsGroup, movement: Movement, money: (minor: number) => string): string {
  const what = movement.kind === 'fine' && movement.fineCode ? t('savings.fineOf', { label: fineLabel(movement.fineCode) }) : kindLabel(movement.kind);
  return `${memberName(group, movement.memberId)} · ${what} · ${money(movement.amountMinor)}${movement.reason ? ` — ${movement.reason}` : ''}`;
}

/** Counted against expected, in words: balanced, or how much is missing or over. */
export function gapSentence(fund: 'loan_fund' | 'social_fund', countedMinor: number, expectedMinor: number, money: (minor: number) => string): string {
  const name = t(fund === 'loan_fund' ? 'savings.loanFund' : 'savings.socialFund');
  const params = { fund: name, counted: money(countedMinor), expected: money(expectedMinor), gap: money(Math.abs(countedMinor - expectedMinor)) };
  if (countedMinor === expectedMinor) return t('savings.gap.balanced', params);
  return t(countedMinor < expectedMinor ? 'savings.gap.shortage' : 'savings.gap.surplus', params);
}

