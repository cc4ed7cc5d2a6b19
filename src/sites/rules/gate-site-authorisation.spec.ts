import { type MinerCard } from '../../miners/rules/card-status.js';
import { decideGateEntry } from './gate-decision.js';
import { entry, exit, member, PIT } from './gate-decision.fixture.js';

describe('gate entry: the site\'s authorisation (issue 25)', () => {
  const expired = { status: 'open', authorisationsExpireOn: '2026-06-14' } as const;

  it('lets a member in at a site whose authorisation expired, showing it', () => {
    const decision = decideGateEntry(entry({ site: expired }));
    expect(decision).toMatchObject({ allowed: true, reasons: [] });
    expect(decision.warnings).toEqual([{ code: 'SITE_AUTHORISATION_EXPIRED', expiresOn: '2026-06-14' }]);
  });

  it('shows nothing on the expiry day itself and shows it the day after, on the local date', () => {
    expect(decideGateEntry(entry({ site: expired, date: '2026-06-14' })).warnings).toEqual([]);
    expect(decideGateEntry(entry({ site: expired, date: '2026-06-15' })).warnings).toEqual([{ code: 'SITE_AUTHORISATION_EXPIRED', expiresOn: '2026-06-14' }]);
  });

  it('shows nothing for a site whose authorisations do not expire', () => {
    expect(decideGateEntry(entry({ site: { status: 'open' } })).warnings).toEqual([]);
  });

  it('shows it with the card warning and on a closed site', () => {
    const expiringCard: MinerCard = { cardNumber: 'E', issuedOn: '2025-07-15', expiresOn: '2026-07-14' };
    const decision = decideGateEntry(entry({ person: member({ cards: [expiringCard] }), site: { ...expired, status: 'closed' } }));
    expect(decision.allowed).toBe(false);
    expect(decision.warnings.map((warning) => warning.code)).toEqual(['CARD_EXPIRING', 'SITE_AUTHORISATION_EXPIRED']);
  });

  it('does not warn on the way out', () => {
    expect(decideGateEntry(exit({ site: expired, person: member({ insideZoneId: PIT.id }) })).warnings).toEqual([]);
  });
});
