import * as fs from 'node:fs';

/** The parts of a V8 .cpuprofile (node --cpu-prof) that the summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileShare {
  readonly name: string;
  /** Share of the busy (non-idle) time spent in this function or area itself, callees excluded. */
  readonly share: number;
}

export interface CpuProfileSummary {
  readonly busySeconds: number;
  readonly idleShare: number;
  readonly byArea: readonly ProfileShare[];
  readonly topFunctions: readonly ProfileShare[];
}

/** Self time by area (a package, a library of ours, Node's core, GC) and by function. */
export function summarizeCpuProfile(file: string): CpuProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, micros] of selfMicros) {
    const frame = frames.get(id);
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    busy += micros;
    const area = areaOf(frame.url, frame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const shares = (totals: Map<string, number>) =>
    [...totals].map(([name, micros]) => ({ name, share: micros / busy })).sort((a, b) => b.share - a.share);
  return { busySeconds: busy / 1e6, idleShare: idle / (idle + busy), byArea: shares(byArea), topFunctions: shares(byFunction).slice(0, 40) };
}

const OUR_CODE: readonly [string, string][] = [
  ['/libs/event-store/', 'ours: libs/event-store'],
  ['/libs/domain/', 'ours: libs/domain'],
  ['/libs/projections/', 'ours: libs/projections'],
  ['/apps/engine/', 'ours: apps/engine'],
];

function areaOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8: garbage collector';
    if (functionName === '(program)') return 'V8/native: (program)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return `package: ${packageMatch[1]}`;
  for (const [fragment, area] of OUR_CODE) if (url.includes(fragment)) return area;
  if (url.startsWith('node:')) return 'node core';
  return 'other';
}

function shortUrl(url: string): string {
  const packageMatch = /node_modules\/(.+)$/.exec(url);
  if (packageMatch) return packageMatch[1];
  const ours = /\/(?:dist\/)?((?:libs|apps|bench)\/.+)$/.exec(url);
  if (ours) return ours[1];
  return url.replace(/^file:\/\//, '');
}
