import * as fs from 'node:fs';
import { isLocalDate } from '@gov/domain';
import { CaseFigures, CaseFiguresQuery, CatalogQueries } from '@gov/projections';
import { loadConfig } from '../config/engine.config';
import { createProjector, eventStoreFile, openEventStore, openReadModels } from '../infrastructure/infrastructure.module';
import { cliProgram, optionsOf, runCli, STORE_ENV } from './cli-program';

/**
 * `npm run report -- --from 2012-04-03 --to 2012-04-17`: the center report as the county
 * reads it, from DATA_DIR. Brings the read models up to the store's head first, so it is
 * exact even while the engine runs.
 */
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

function rows(f: CaseFigures): [string, string][] {
  return [
    ['受理 received', `${f.received}`],
    ['办结 completed', `${f.completed} (${percent(f.completionRate)})`],
    ['即办件 immediate', `${f.immediate} (${percent(f.immediateShare)} of received)`],
    ['承诺件 promised', `${f.promised} (${percent(f.promisedShare)})`],
    ['承诺件办结 promised completed', `${f.promisedCompleted} (${percent(f.promisedCompletionRate)} of promised)`],
    ['提前办结 completed early', `${f.completedEarly} (${percent(f.earlyCompletionRate)} of promised completed)`],
    ['待办件 pending', `${f.pending} (${percent(f.pendingShare)})`],
    ['撤回 withdrawn', `${f.withdrawn}`],
    ['不予受理 not accepted', `${f.notAccepted}`],
    ['特事特办 special handling', `${f.special}`],
    ['超期 overdue', `${f.overdue}`],
    ['5个工作日内办结率 within 5 working days', percent(f.withinFiveWorkingDaysRate)],
    ['含超5日未办结 including open cases past 5 working days', `${percent(f.withinFiveWorkingDaysRateIncludingOpenLate)} (${f.openBeyondFiveWorkingDays} open past 5 days)`],
    ['平均办理工作日 average working days', f.averageWorkingDays === null ? '—' : `${f.averageWorkingDays}`],
    ['满意度 satisfaction', `${percent(f.satisfactionRate)} of ${f.rated} rated`],
    ['收费 fees collected', `¥${(f.feesCollected / 100).toFixed(2)}`],
  ];
}

const reportProgram = () =>
  cliProgram('report', "The center report for a period (days in Asia/Shanghai), from the read models brought up to the store's head first, so exact while the engine runs.", STORE_ENV)
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD, not before --from');

async function main(): Promise<void> {
  const { from, to } = optionsOf<{ from: string; to: string }>(reportProgram(), process.argv.slice(2));
  if (!isLocalDate(from) || !isLocalDate(to) || to < from) throw new Error('--from and --to are days, YYYY-MM-DD, and --to is not before --from');
  const config = loadConfig();
  if ((config.eventStore?.kind ?? 'sqlite') === 'sqlite' && !fs.existsSync(eventStoreFile(config.dataDir))) {
    throw new Error(`no event store in ${config.dataDir} (set DATA_DIR)`);
  }
  const store = await openEventStore(config, { purpose: 'read' });
  const readModels = await openReadModels(config);
  await (await createProjector(store, readModels)).catchUp();
  const query = new CaseFiguresQuery(readModels);
  const now = new Date().toISOString();
  // One snapshot: a running engine may project into the same read models meanwhile.
  const [center, byDepartment] = await query.snapshot(async (snapshot) =>
    [await snapshot.figures({ from, to }, { kind: 'center' }, now), await snapshot.figuresByDepartment({ from, to }, now)] as const);
  const departments = await new CatalogQueries(readModels).departmentNames();
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const lines = [`政务服务中心办件统计 Service center report, ${from} – ${to} (Asia/Shanghai)`, ''];
  const width = Math.max(...rows(center).map(([label]) => label.length)) + 2;
  for (const [label, value] of rows(center)) lines.push(`${label.padEnd(width)}${value}`);
  lines.push('', 'By department:', `${'department'.padEnd(24)}${'received'.padStart(9)}${'completed'.padStart(11)}${'pending'.padStart(9)}${'overdue'.padStart(9)}${'immediate'.padStart(11)}`);
  for (const [id, f] of byDepartment) {
    lines.push(`${(names.get(id) ?? id).padEnd(24)}${String(f.received).padStart(9)}${String(f.completed).padStart(11)}${String(f.pending).padStart(9)}${String(f.overdue).padStart(9)}${percent(f.immediateShare).padStart(11)}`);
  }
  console.log(lines.join('\n'));
  await readModels.close();
  await store.close();
}

runCli('report', main);
