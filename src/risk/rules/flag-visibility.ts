import type { CorrectiveAction } from '../corrective-action.entity.js';
import type { PersonInvolved } from '../risk-flag.entity.js';
import type { CaseViewer } from './child-labour-case.js';
import type { FlagCategory } from './categories.js';

/**
 * Categories whose words may name or describe a child: the description, the people, the
 * reasons and the corrective actions of such a flag are for admins and the designated
 * officers of the child-labour cases opened from it (the rule of canSeeCaseDetails), and for
 * the officer who filed it under their name. Everyone else sees the flag's status and counts.
 */
export const CHILD_IDENTITY_CATEGORIES: readonly FlagCategory[] = ['worst_forms_child_labour'];

export interface FlagAudienceFacts {
  readonly category: FlagCategory;
  readonly reporterUserId: string | null;
  /** Designated officers of every case opened from this flag. */
  readonly caseOfficerUserIds: readonly string[];
}

export function canSeeFlagDetails(flag: FlagAudienceFacts, viewer: CaseViewer): boolean {
  if (!CHILD_IDENTITY_CATEGORIES.includes(flag.category)) return true;
  if (viewer.role === 'admin') return true;
  if (viewer.role !== 'officer') return false;
  return flag.caseOfficerUserIds.includes(viewer.userId) || flag.reporterUserId === viewer.userId;
}

interface FlagText {
  readonly people: readonly PersonInvolved[];
  readonly description: string | null;
  readonly dismissalReason: string | null;
}

export interface FlagRedaction {
  /** True when the text below was withheld from this reader. */
  readonly redacted: boolean;
  readonly peopleCount: number;
}

/** The flag with its words withheld: no description, no people (their count stays), no reason. */
export function redactFlagText<T extends FlagText>(flag: T, visible: boolean): T & FlagRedaction {
  const peopleCount = flag.people.length;
  if (visible) return { ...flag, redacted: false, peopleCount };
  return { ...flag, people: [], description: null, dismissalReason: null, redacted: true, peopleCount };
}

type ActionText = Pick<CorrectiveAction, 'description' | 'note'>;

/** A corrective action's words may name the child too ("inscrire X à l'école"). */
export function redactActionText<T extends ActionText>(action: T, visible: boolean): T {
  return visible ? action : { ...action, description: '', note: null };
}

export function redactTransitionText<T extends { readonly reason: string | null }>(transition: T, visible: boolean): T {
  return visible ? transition : { ...transition, reason: null };
}
