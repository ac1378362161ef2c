/**
 * Summarises a Chromium performance trace (as written by `tableScroll.ts --trace`): where the
 * renderer's main thread spent its time (script, style, layout, paint, …), its long tasks, and
 * the JS functions with the most self time from the sampling profiler. A build made with
 * `npx vite build --config client/vite.config.ts --minify false` keeps the function names.
 * Run: `npx tsx test/bench/traceSummary.ts trace.json [top]`.
 */
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, unlike `dur` not stretched while the thread waits for a core. */
  tdur?: number;
  args?: { name?: string; data?: { cpuProfile?: CpuProfileChunk; timeDeltas?: number[] } };
  id?: string;
}

interface CpuProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber: number; columnNumber: number };
}

interface CpuProfileChunk {
  nodes?: CpuProfileNode[];
  samples?: number[];
}

/** Which part of a frame's work a main-thread event is. */
function phaseOf(name: string): string {
  // The sampling profiler starting up (once per trace, ~0.15 s): the trace's cost, not the page's.
  if (name === 'V8.InvokeApiInterruptCallbacks') return 'tracingStart';
  if (/^(FunctionCall|EvaluateScript|V8\.|v8\.|RunMicrotasks|EventDispatch|FireAnimationFrame|TimerFire)/.test(name)) return 'script';
  if (name === 'UpdateLayoutTree') return 'style';
  if (name === 'Layout') return 'layout';
  if (name === 'PrePaint') return 'prePaint';
  if (name === 'Paint') return 'paint';
  if (name === 'Layerize') return 'layerize';
  return 'other';
}

export interface TraceFigures {
  frames: number;
  /** Renderer main-thread CPU per frame (ms) but the profiler's start, and its split by phase (self time, so nothing counted twice). */
  mainCpuPerFrame: number;
  phasesPerFrame: Record<string, number>;
  /** CPU per frame (ms) of the renderer's other threads: compositor, raster workers, and the display compositor. */
  threadsPerFrame: Record<string, number>;
  /** Main-thread tasks over 16.7 ms. */
  longTasks: number;
}

/** Per-frame figures of a trace: where each frame's main-thread CPU goes, and the other threads' CPU. */
export function traceFigures(events: TraceEvent[]): TraceFigures {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = [...names].find(([, name]) => name === 'CrRendererMain')?.[0];
  const onMainThread = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const phases: Record<string, number> = {};
  const stack: Array<{ event: TraceEvent; cpu: number }> = [];
  const closeUpTo = (ts: number) => {
    for (let top = stack[stack.length - 1]; top && top.event.ts + (top.event.dur ?? 0) <= ts; top = stack[stack.length - 1]) {
      stack.pop();
      const phase = phaseOf(top.event.name);
      phases[phase] = (phases[phase] ?? 0) + top.cpu / 1000;
    }
  };
  for (const e of onMainThread) {
    closeUpTo(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.cpu -= e.tdur ?? 0;
    stack.push({ event: e, cpu: e.tdur ?? 0 });
  }
  closeUpTo(Infinity);
  const frames = onMainThread.filter((e) => e.name === 'ProxyMain::BeginMainFrame').length || 1;
  const threads: Record<string, number> = {};
  const busyUntil = new Map<string, number>();
  for (const e of events.filter((x) => x.ph === 'X' && x.tdur !== undefined && `${x.pid}:${x.tid}` !== main).sort((a, b) => a.ts - b.ts)) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ts < (busyUntil.get(key) ?? -Infinity)) continue; // nested in an event already counted
    busyUntil.set(key, e.ts + (e.dur ?? 0));
    const name = (names.get(key) ?? key).replace(/\d+$/, '');
    if (/^(CrBrowserMain|Chrome_|PerfettoTrace)/.test(name)) continue;
    threads[name] = (threads[name] ?? 0) + (e.tdur ?? 0) / 1000;
  }
  const perFrame = (ms: number) => +(ms / frames).toFixed(2);
  return {
    frames,
    mainCpuPerFrame: perFrame(Object.entries(phases).reduce((sum, [phase, ms]) => (phase === 'tracingStart' ? sum : sum + ms), 0)),
    phasesPerFrame: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, perFrame(v)])),
    threadsPerFrame: Object.fromEntries(
      Object.entries(threads)
        .filter(([, v]) => v / frames >= 0.05)
        .map(([k, v]) => [k, perFrame(v)]),
    ),
    longTasks: onMainThread.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 16_700).length,
  };
}

export function readTrace(file: string): TraceEvent[] {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
}

function printSummary(file: string, top: number): void {
  const events = readTrace(file);
  console.log(JSON.stringify(traceFigures(events)));

  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  const mainKey = [...threadName].find(([, name]) => name === 'CrRendererMain')?.[0];
  if (!mainKey) throw new Error('no renderer main thread in the trace');
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === mainKey);

  // Main-thread self time by event name: each complete event's duration less the events nested in it.
  const byName = new Map<string, { ms: number; cpuMs: number; count: number }>();
  const complete = onMain.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const open: Array<{ event: TraceEvent; self: number; cpuSelf: number }> = [];
  const close = (upTo: number) => {
    while (open.length > 0) {
      const last = open[open.length - 1];
      if (!last || last.event.ts + (last.event.dur ?? 0) > upTo) break;
      open.pop();
      const entry = byName.get(last.event.name) ?? { ms: 0, cpuMs: 0, count: 0 };
      entry.ms += last.self / 1000;
      entry.cpuMs += last.cpuSelf / 1000;
      entry.count++;
      byName.set(last.event.name, entry);
    }
  };
  for (const e of complete) {
    close(e.ts);
    const parent = open[open.length - 1];
    if (parent) {
      parent.self -= e.dur ?? 0;
      parent.cpuSelf -= e.tdur ?? 0;
    }
    open.push({ event: e, self: e.dur ?? 0, cpuSelf: e.tdur ?? 0 });
  }
  close(Infinity);
  const tasks = onMain.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.dur !== undefined);
  const span = tasks.length ? (Math.max(...tasks.map((t) => t.ts + (t.dur ?? 0))) - Math.min(...tasks.map((t) => t.ts))) / 1000 : 0;
  const busy = tasks.reduce((sum, t) => sum + (t.dur ?? 0) / 1000, 0);
  const cpu = tasks.reduce((sum, t) => sum + (t.tdur ?? 0) / 1000, 0);
  const long = tasks.filter((t) => (t.dur ?? 0) > 16_700);
  const frames = byName.get('ProxyMain::BeginMainFrame')?.count ?? 0;

  console.log(`main thread: ${busy.toFixed(0)} ms busy of ${span.toFixed(0)} ms, ${tasks.length} tasks, ${long.length} over 16.7 ms`);
  console.log(`main thread CPU: ${cpu.toFixed(0)} ms over ${frames} frames, ${(cpu / Math.max(frames, 1)).toFixed(2)} ms per frame`);
  console.log('\nself time by event (wall ms, CPU ms, count):');
  for (const [name, { ms, cpuMs, count }] of [...byName].sort((a, b) => b[1].cpuMs - a[1].cpuMs).slice(0, top))
    console.log(`  ${ms.toFixed(1).padStart(9)}  ${cpuMs.toFixed(1).padStart(9)}  ${String(count).padStart(6)}  ${name}`);

  // CPU of every thread (its outermost events' thread time): raster and compositing run beside the main thread.
  const cpuByThread = new Map<string, number>();
  const depth = new Map<string, number>();
  for (const e of [...events].filter((x) => x.ph === 'X' && x.tdur !== undefined).sort((a, b) => a.ts - b.ts)) {
    const key = `${e.pid}:${e.tid}`;
    const end = e.ts + (e.dur ?? 0);
    if (e.ts < (depth.get(key) ?? -Infinity)) continue; // nested in an event already counted
    depth.set(key, end);
    const name = `${threadName.get(key) ?? key}`;
    cpuByThread.set(name, (cpuByThread.get(name) ?? 0) + (e.tdur ?? 0) / 1000);
  }
  console.log('\nCPU by thread (ms):');
  for (const [name, ms] of [...cpuByThread].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${ms.toFixed(0).padStart(9)}  ${name}`);

  // Self time per function from the sampling profiler's chunks (all profiles in the trace).
  const nodes = new Map<number, CpuProfileNode>();
  const selfMs = new Map<string, number>();
  const totalSamples = { count: 0 };
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const chunk = e.args?.data;
    for (const node of chunk?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const samples = chunk?.cpuProfile?.samples ?? [];
    const deltas = chunk?.timeDeltas ?? [];
    samples.forEach((id, i) => {
      const node = nodes.get(id);
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      const key = `${functionName || '(anonymous)'} ${(url ?? '').split('/').pop() ?? ''}:${lineNumber + 1}`;
      selfMs.set(key, (selfMs.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
      totalSamples.count++;
    });
  }
  console.log(`\nJS self time by function (${totalSamples.count} samples):`);
  for (const [key, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms.toFixed(1).padStart(9)}  ${key}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: traceSummary.ts <trace.json> [top]');
  printSummary(file, Number(process.argv[3] ?? 25));
}
