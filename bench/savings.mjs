#!/usr/bin/env node
// Savings-group benchmark of the built code (run `npm run build` first, or `npm run bench:savings`):
//   node bench/savings.mjs [--groups 500] [--members 25] [--meetings 52] [--concurrency 4] [--profile]
//
// A year of weekly meetings for `--groups` groups of `--members` members, recorded through the
// service layer (the savings services from dist/, inside the Nest application, so every meeting
// goes through the tenant transaction, row-level security, the lock on the cycle, the rules,
// the cached balances and the audit record; no HTTP). Each meeting is one batch: attendance, shares
// (1–5 per member) and social fund for everyone, a fine, a loan from week 3 on, the repayment
// of the loan granted four weeks earlier, and the counted cash; then the meeting is closed.
// Groups meet in parallel, `--concurrency` at a time, week after week.
//
// Figures: meetings recorded per second (record + close), overall and for the first and last
// quarter of the year; per-meeting latency (median, p95). Baseline, same run: the first
// quarter's rate, against which the last quarter's is given as a ratio, with the goal of at
// least 0.9 (a write reads cached balances, so its cost should not grow with the cycle's
// ledger). Then the share-out of the largest group (most movements): preview and confirmation
// times, with the ratio to the median meeting. `--profile` samples the CPU of the process (the
// application runs in it) during the meetings and prints its self time by place and function.
//
// Server: postgres://postgres@127.0.0.1:5432 (trust auth) unless BENCH_POSTGRES_URL names another
// owner URL; a fresh database is created and dropped, with a login role of the benchmark's own.
// Prints the figures and writes them to bench/results/savings.json.

import { randomUUID } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { load, percentile, query, requireBuilt, resultsFile, round, say, startBenchApp, timedPool, writeResults } from './support.mjs';

const RESULTS_FILE = resultsFile('savings');
const { values: options } = parseArgs({
  options: {
    groups: { type: 'string', default: '500' },
    members: { type: 'string', default: '25' },
    meetings: { type: 'string', default: '52' },
    concurrency: { type: 'string', default: '4' },
    profile: { type: 'boolean', default: false },
  },
});
const GROUPS = Number(options.groups);
const MEMBERS = Number(options.members);
const MEETINGS = Number(options.meetings);
const CONCURRENCY = Number(options.concurrency);
const FULL = { groups: 500, members: 25, meetings: 52 };
/** The least last-quarter / first-quarter rate ratio the cached balances must hold. */
const GOAL = 0.9;
const APP_USER = 'ushirika_bench_savings_app';
const APP_PASSWORD = 'bench-savings-app-password';
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const START = '2026-01-05';
const SHARE_PRICE = 500;
const SOCIAL = 100;
const LOAN = 3_000;
/** Flat 10 % per started 30 days; repaid after 28 days: one period. */
const REPAYMENT = 3_300;
const RULES = {
  currency: 'USD', sharePriceMinor: SHARE_PRICE, minSharesPerMeeting: 1, maxSharesPerMeeting: 5, socialFundContributionMinor: SOCIAL,
  loanCapSavingsMultipleBp: 30_000, maxLoanTermMonths: 3, serviceChargeRateBpPerMonth: 1_000, serviceChargeMethod: 'flat',
  fineTypes: [{ code: 'late', amountMinor: 100 }],
};

requireBuilt(['src/app.js', 'src/savings/meetings.service.js']);
const [{ SavingsGroupsService }, { SavingsCyclesService }, { SavingsMeetingsService }, { SavingsShareOutService }] = await Promise.all([
  load('src/savings/groups.service.js'), load('src/savings/cycles.service.js'), load('src/savings/meetings.service.js'), load('src/savings/share-out.service.js'),
]);

const dayAfter = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const meetingDate = (week) => dayAfter(START, 7 * week);
const sharesOf = (i) => (i % 5) + 1;
const borrowerOf = (week) => week % MEMBERS;
const finedOf = (week) => (week * 7 + 3) % MEMBERS;
const borrows = (week) => week >= 3;

/** One group's book as the benchmark keeps it: what the box should hold, and the loans to repay. */
function newGroupBook(groupId, cycleId, memberIds) {
  return { groupId, cycleId, memberIds, loanFundMinor: 0, socialFundMinor: 0, loans: new Map() };
}

function meetingBatch(book, week) {
  const heldOn = meetingDate(week);
  const entries = book.memberIds.map((memberId, i) => ({ memberId, shares: sharesOf(i), socialFundMinor: SOCIAL }));
  book.loanFundMinor += entries.reduce((sum, entry) => sum + entry.shares * SHARE_PRICE, 0);
  book.socialFundMinor += entries.length * SOCIAL;
  const fined = finedOf(week);
  entries[fined].fines = [{ code: 'late' }];
  book.loanFundMinor += 100;
  const due = book.loans.get(week - 4);
  if (due) {
    entries[due.member].repayment = { loanId: due.loanId, amountMinor: REPAYMENT };
    book.loanFundMinor += REPAYMENT;
  }
  if (borrows(week)) {
    const member = borrowerOf(week);
    const loanId = randomUUID();
    entries[member].loan = { id: loanId, principalMinor: LOAN, termMonths: 1 };
    book.loans.set(week, { member, loanId });
    book.loanFundMinor -= LOAN;
  }
  return {
    id: randomUUID(),
    heldOn,
    attendance: book.memberIds.map((memberId, i) => ({ memberId, status: i === fined ? 'late' : 'present' })),
    entries,
    cashCount: { loanFundMinor: book.loanFundMinor, socialFundMinor: book.socialFundMinor, countedBy: 'Kapinga, Mwamba, Tshala' },
  };
}

async function main() {
  const scaled = GROUPS !== FULL.groups || MEMBERS !== FULL.members || MEETINGS !== FULL.meetings;
  say(`savings benchmark: ${GROUPS} groups × ${MEMBERS} members × ${MEETINGS} weekly meetings, ${CONCURRENCY} groups at a time` +
    (scaled ? ` (scaled: ${round((100 * GROUPS * MEETINGS) / (FULL.groups * FULL.meetings), 1)} % of the full ${FULL.groups} × ${FULL.members} × ${FULL.meetings})` : ''));
  const bench = await startBenchApp({
    server: SERVER, name: 'ushirika_bench_savings', appUser: APP_USER, appPassword: APP_PASSWORD,
    env: { DATABASE_POOL_SIZE: String(CONCURRENCY + 2) },
  });
  const { app, ownerUrl } = bench;
  try {
    const [admin] = await query(ownerUrl, `SELECT cooperative_id, user_id FROM user_roles WHERE role = 'admin' LIMIT 1`);
    const savings = {
      groups: app.get(SavingsGroupsService), cycles: app.get(SavingsCyclesService), meetings: app.get(SavingsMeetingsService), shareOut: app.get(SavingsShareOutService),
    };
    const auth = {
      userId: admin.user_id, requestId: 'bench-savings', cooperativeId: admin.cooperative_id, roles: ['admin'],
      scope: { cooperativeIds: [admin.cooperative_id], userId: admin.user_id, readOnly: false },
    };

    const seedStarted = performance.now();
    const books = [];
    await timedPool(Array.from({ length: GROUPS }, (_, g) => g), CONCURRENCY, async (g) => {
      const group = await savings.groups.createGroup(auth, { name: `AVEC bench ${String(g).padStart(4, '0')}`, meetingPlace: 'Kasulo', frequency: 'weekly', meetingWeekday: 1 });
      const memberIds = [];
      for (let i = 0; i < MEMBERS; i += 1) {
        const added = await savings.groups.addMember(auth, group.id, { firstName: `Membre${i}`, lastName: `Groupe${g}`, sex: i % 2 === 0 ? 'F' : 'M', joinedOn: START });
        memberIds.push(added.id);
      }
      const cycle = await savings.cycles.startCycle(auth, group.id, { startsOn: START, plannedEndOn: dayAfter(START, 7 * MEETINGS + 1), rules: RULES });
      books[g] = newGroupBook(group.id, cycle.id, memberIds);
    });
    say(`seeded ${GROUPS} groups and ${GROUPS * MEMBERS} members in ${round((performance.now() - seedStarted) / 1000, 1)} s`);

    const latencies = [];
    const weekSeconds = [];
    let movements = 0;
    const profiler = options.profile ? await startProfiler() : undefined;
    const started = performance.now();
    for (let week = 0; week < MEETINGS; week += 1) {
      const weekStarted = performance.now();
      await timedPool(books, CONCURRENCY, async (book) => {
        const t0 = performance.now();
        const recorded = await savings.meetings.recordMeeting(auth, book.groupId, book.cycleId, meetingBatch(book, week));
        await savings.meetings.closeMeeting(auth, book.groupId, book.cycleId, recorded.id);
        latencies.push(performance.now() - t0);
        movements += recorded.movements.length;
        const off = recorded.cashCounts.filter((count) => count.outcome !== 'balanced');
        if (off.length > 0) throw new Error(`group ${book.groupId} week ${week}: cash count ${JSON.stringify(off)}`);
      });
      weekSeconds.push((performance.now() - weekStarted) / 1000);
      if ((week + 1) % 4 === 0 || week === MEETINGS - 1) {
        const done = (week + 1) * GROUPS;
        say(`  week ${week + 1}/${MEETINGS}: ${done} meetings, ${round(done / ((performance.now() - started) / 1000), 1)} meetings/s so far`);
      }
    }
    const totalSeconds = (performance.now() - started) / 1000;
    const profile = profiler ? await stopProfiler(profiler) : undefined;
    const quarter = Math.max(1, Math.floor(MEETINGS / 4));
    const rate = (weeks) => (weeks.length * GROUPS) / weeks.reduce((sum, seconds) => sum + seconds, 0);
    const firstQuarter = rate(weekSeconds.slice(0, quarter));
    const lastQuarter = rate(weekSeconds.slice(-quarter));
    const sorted = [...latencies].sort((a, b) => a - b);
    const medianMs = percentile(sorted, 50);

    const [largest] = await query(ownerUrl,
      `SELECT c.group_id, c.id AS cycle_id, count(*)::int AS movements FROM savings_movements m JOIN savings_cycles c ON c.cooperative_id = m.cooperative_id AND c.id = m.cycle_id
        GROUP BY c.group_id, c.id ORDER BY count(*) DESC, c.group_id LIMIT 1`);
    const shareOutOn = meetingDate(MEETINGS - 1);
    const previewStarted = performance.now();
    const preview = await savings.shareOut.shareOut(auth, largest.group_id, largest.cycle_id, shareOutOn);
    const previewMs = performance.now() - previewStarted;
    const confirmStarted = performance.now();
    const confirmed = await savings.shareOut.confirmShareOut(auth, largest.group_id, largest.cycle_id, shareOutOn);
    const confirmMs = performance.now() - confirmStarted;
    const netPaid = confirmed.lines.reduce((sum, line) => sum + line.netPayoutMinor, 0);
    if (netPaid + confirmed.remainderMinor !== confirmed.totals.loanFundCashMinor) throw new Error('share-out does not add up to the cash');

    const results = {
      scaled,
      groups: GROUPS, members: MEMBERS, meetingsPerGroup: MEETINGS, concurrency: CONCURRENCY, cpus: cpus().length,
      meetings: GROUPS * MEETINGS, movements,
      seconds: round(totalSeconds, 1),
      meetingsPerSecond: round((GROUPS * MEETINGS) / totalSeconds, 1),
      firstQuarterMeetingsPerSecond: round(firstQuarter, 1),
      lastQuarterMeetingsPerSecond: round(lastQuarter, 1),
      lastToFirstQuarterRatio: round(lastQuarter / firstQuarter, 2),
      goal: { lastToFirstQuarterRatioAtLeast: GOAL, met: lastQuarter / firstQuarter >= GOAL },
      meetingMs: { median: round(medianMs, 1), p95: round(percentile(sorted, 95), 1), max: round(sorted.at(-1), 1) },
      shareOut: {
        groupMovements: largest.movements, members: confirmed.lines.length, previewMs: round(previewMs, 1), confirmMs: round(confirmMs, 1),
        confirmToMedianMeetingRatio: round(confirmMs / medianMs, 1), cashMinor: confirmed.totals.loanFundCashMinor, remainderMinor: confirmed.remainderMinor,
        debtNettedMinor: confirmed.totals.debtNettedMinor, previewEqualsConfirmed: JSON.stringify(preview.lines) === JSON.stringify(confirmed.lines),
      },
      ...(profile ? { profile } : {}),
    };
    console.log([
      `| savings, ${GROUPS} groups × ${MEMBERS} members × ${MEETINGS} meetings${scaled ? ' (scaled)' : ''} | value |`,
      '|---|---|',
      `| meetings recorded (record + close) | ${results.meetings} in ${results.seconds} s, ${results.movements} movements |`,
      `| meetings per second, whole year | ${results.meetingsPerSecond} |`,
      `| meetings per second, first quarter (baseline) | ${results.firstQuarterMeetingsPerSecond} |`,
      `| meetings per second, last quarter | ${results.lastQuarterMeetingsPerSecond} (×${results.lastToFirstQuarterRatio} of the first) |`,
      `| last quarter / first quarter, goal ≥ ${GOAL} | ×${round(lastQuarter / firstQuarter, 3)}: ${results.goal.met ? 'met' : 'NOT met'} |`,
      `| one meeting, median / p95 / max | ${results.meetingMs.median} / ${results.meetingMs.p95} / ${results.meetingMs.max} ms |`,
      `| share-out of the largest group (${largest.movements} movements), preview | ${results.shareOut.previewMs} ms |`,
      `| share-out of the largest group, confirmation | ${results.shareOut.confirmMs} ms (×${results.shareOut.confirmToMedianMeetingRatio} a median meeting) |`,
    ].join('\n'));
    if (profile) {
      const show = ({ place, cpuMs, share }) => `  ${share.padStart(7)}  ${String(cpuMs).padStart(7)} ms  ${place}`;
      console.log(['', `CPU of the process during the meetings (self time, idle excluded; ${profile.cpuMs} ms busy of ${round(totalSeconds * 1000)} ms):`,
        '', 'By place:', ...profile.byPlace.map(show), '', 'By function:', ...profile.byFunction.map(show)].join('\n'));
    }
    writeResults(RESULTS_FILE, results);
  } finally {
    await bench.close();
  }
}

/** The V8 sampling profiler of this process (the application runs in it). */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  return session;
}

/** Self CPU time by where the code lives (a package, a file of dist/, node core, the engine), and by function. */
async function stopProfiler(session) {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const hits = new Map();
  profile.samples.forEach((nodeId, index) => hits.set(nodeId, (hits.get(nodeId) ?? 0) + profile.timeDeltas[index]));
  const byPlace = new Map();
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const us = hits.get(node.id) ?? 0;
    if (us === 0) continue;
    const url = node.callFrame.url ?? '';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const place = pkg ? pkg[1] : url.includes('/dist/') ? url.slice(url.indexOf('/dist/') + 6) : url.startsWith('node:') ? 'node core'
      : url === '' && node.callFrame.functionName && !node.callFrame.functionName.startsWith('(') ? '(native: socket writes, pg parsing)' : node.callFrame.functionName || '(engine)';
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${place}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const busy = (entries) => entries.filter(([place]) => !place.startsWith('(idle)') && !place.startsWith('(program)') && !place.startsWith('(garbage'));
  const total = busy([...byPlace.entries()]).reduce((sum, [, us]) => sum + us, 0);
  const top = (entries) => busy(entries).sort((a, b) => b[1] - a[1]).slice(0, 15)
    .map(([place, us]) => ({ place, cpuMs: round(us / 1000), share: `${round((100 * us) / total, 1)} %` }));
  const gc = [...byPlace.entries()].filter(([place]) => place.startsWith('(garbage')).reduce((sum, [, us]) => sum + us, 0);
  return { cpuMs: round(total / 1000), garbageCollectionMs: round(gc / 1000), byPlace: top([...byPlace.entries()]), byFunction: top([...byFunction.entries()]) };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
