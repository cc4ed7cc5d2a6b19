import { createStore, saved } from './store';
import type { Schema } from './api/client';

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds after which the access token is refreshed before use. */
  readonly refreshAfter: number;
}

export interface Session {
  readonly tokens: Tokens | null;
  readonly me: Schema<'MeView'> | null;
  readonly cooperativeId: string | null;
  /**
   * The key offline gate snapshots are verified with, pinned the first time it is fetched in
   * this session (gate-offline.ts): a different key is refused until the next sign-in.
   */
  readonly snapshotKey?: Schema<'GateSnapshotKeyView'> | null;
}

const KEY = 'ushirika.session';
/** Kept on the phone so that a reload offline, or a sync hours later, still has a session. */
export const session = createStore<Session>(saved.read<Session>(KEY) ?? { tokens: null, me: null, cooperativeId: null });
session.subscribe((value) => saved.write(KEY, value));

export function updateSession(patch: Partial<Session>): void {
  session.set({ ...session.get(), ...patch });
}

export function signOut(): void {
  session.set({ tokens: null, me: null, cooperativeId: null });
}

export function tokensFrom(pair: Schema<'TokenPairView'>): Tokens {
  return { accessToken: pair.accessToken, refreshToken: pair.refreshToken, refreshAfter: Date.now() + (pair.expiresIn - 60) * 1000 };
}

export type CooperativeRole = Schema<'MeCooperativeView'>['roles'][number];
/** An organisation's people observe cooperatives or work on referred cases: one role, wherever they work. */
export type OrganisationRole = NonNullable<Schema<'MeView'>['organisation']>['role'];
export type ConsoleRole = CooperativeRole | OrganisationRole | 'supervisor' | 'operator';

/** The roles the signed-in person holds where they are working now. */
export function currentRoles(value: Session = session.get()): ConsoleRole[] {
  const me = value.me;
  if (!me) return [];
  const roles: ConsoleRole[] = [...(me.cooperatives.find((c) => c.cooperativeId === value.cooperativeId)?.roles ?? [])];
  if (me.jurisdictions.length > 0) roles.push('supervisor');
  if (me.operator) roles.push('operator');
  if (me.organisation) roles.push(me.organisation.role);
  return roles;
}

export function hasRole(...wanted: ConsoleRole[]): boolean {
  const held = currentRoles();
  return wanted.some((role) => held.includes(role));
}
