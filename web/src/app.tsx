import { useEffect } from 'preact/hooks';
import { Layout } from './shell';
import { Login } from './screens/login';
import { ChooseCooperative, Home } from './screens/home';
import { MemberPage, MemberSearch, RegisterMember } from './screens/members';
import { Gate } from './screens/gate';
import { Presence } from './screens/presence';
import { RecordPurchase } from './screens/purchase';
import { Queue } from './screens/queue';
import { Ledger, LedgerEntry } from './screens/ledger';
import { IncidentPage, Incidents } from './screens/incidents';
import { MeetingScreen } from './screens/savings';
import { GroupPage, Savings } from './screens/savings-group';
import { Assessment } from './screens/assessment';
import { Supervision, CooperativeReports } from './screens/supervision';
import { ReportsScreen } from './screens/reports';
import { ProvinceReports } from './screens/province-reports';
import { Users, Sites } from './screens/admin';
import { Governance } from './screens/governance';
import { AssemblyPage } from './screens/assembly';
import { ElectionPage } from './screens/election';
import { VotingStation } from './screens/voting-station';
import { Observation, ObservedCooperative } from './screens/observer';
import { PartnerCases, PartnerHome } from './screens/partner';
import { match, usePath } from './router';
import { session } from './session';
import { useStore } from './store';
import { useLanguage } from './i18n/i18n';

function screenFor(path: string, hasCooperative: boolean) {
  const routes: [string, (params: Record<string, string>) => preact.JSX.Element][] = [
    ['/supervision', () => <Supervision />],
    ['/supervision/province-reports', () => <ProvinceReports />],
    ['/supervision/:cooperativeId', (p) => <CooperativeReports cooperativeId={p.cooperativeId} />],
    ['/cooperative', () => <ChooseCooperative />],
    ['/observation', () => <Observation />],
    ['/observation/:cooperativeId', (p) => <ObservedCooperative cooperativeId={p.cooperativeId} />],
    ['/partner', () => <PartnerHome />],
    ['/partner/:cooperativeId', (p) => <PartnerCases cooperativeId={p.cooperativeId} />],
  ];
  const tenantRoutes: typeof routes = [
    ['/members', () => <MemberSearch />],
    ['/members/new', () => <RegisterMember />],
    ['/members/:id', (p) => <MemberPage minerId={p.id} />],
    ['/gate', () => <Gate />],
    ['/presence', () => <Presence />],
    ['/purchases/new', () => <RecordPurchase />],
    ['/purchases', () => <Ledger />],
    ['/purchases/:id', (p) => <LedgerEntry purchaseId={p.id} />],
    ['/queue', () => <Queue />],
    ['/incidents', () => <Incidents />],
    ['/incidents/:id', (p) => <IncidentPage flagId={p.id} />],
    ['/assessment', () => <Assessment />],
    ['/savings', () => <Savings />],
    ['/savings/:groupId', (p) => <GroupPage groupId={p.groupId} />],
    ['/savings/:groupId/cycles/:cycleId', (p) => <MeetingScreen groupId={p.groupId} cycleId={p.cycleId} />],
    ['/reports', () => <ReportsScreen />],
    ['/admin/users', () => <Users />],
    ['/admin/sites', () => <Sites />],
    ['/admin/governance', () => <Governance />],
    ['/admin/governance/:assemblyId', (p) => <AssemblyPage assemblyId={p.assemblyId} />],
    ['/admin/governance/:assemblyId/elections/:electionId', (p) => <ElectionPage assemblyId={p.assemblyId} electionId={p.electionId} />],
    ['/admin/governance/:assemblyId/elections/:electionId/vote', (p) => <VotingStation assemblyId={p.assemblyId} electionId={p.electionId} />],
  ];
  for (const [pattern, render] of hasCooperative ? [...routes, ...tenantRoutes] : routes) {
    const params = match(pattern, path);
    if (params) return render(params);
  }
  return <Home />;
}

export function App() {
  useLanguage();
  const current = useStore(session);
  const path = usePath();
  useEffect(() => {
    document.getElementById('screen-title')?.focus();
  }, [path]);
  if (!current.tokens || !current.me) return <Login />;
  const needsChoice = !current.cooperativeId && current.me.cooperatives.length > 1;
  return <Layout>{needsChoice ? <ChooseCooperative /> : screenFor(path, current.cooperativeId !== null)}</Layout>;
}
