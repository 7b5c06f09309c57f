// The page: pick or drop a package, validate it in a worker (same library as the CLI), show the
// visual report, play regions on demand, export the report. No network requests after load.
import { renderReportBody, writeHtmlReport, LANE_WIDTH } from '../../src/report/html.js';
import { REPORT_CSS } from '../../src/report/style.js';
import { describeFinding } from '../../src/validate/format.js';
import type { Overviews } from '../../src/report/overview.js';
import type { Report } from '../../src/model/report.js';
import type { Manifest } from '../../src/model/manifest.js';
import type { FromWorker, LooseInfo, ToWorker } from '../../src/browser/protocol.js';
import { APP_CSS } from './style.js';
import { filesOfEntries, filesOfFolderInput, type LooseInput } from './loose.js';
import { isSignatureSidecar, signaturesHtml } from './signatures.js';

interface State {
  status: 'idle' | 'running' | 'done' | 'error';
  /** What is validated: one package, or loose files (a folder before packing). */
  mode: 'package' | 'folder';
  file: File | null;
  /** Allowed signers files and detached signatures dropped beside the package. */
  sidecars: File[];
  /** The loose files and the folder's name (mode `folder`). */
  loose: LooseInput | null;
  /** The mix chosen in the select (undefined: found by name). */
  mix: string | undefined;
  /** What the worker said about the loose files: audio names, the mix used, mix-like names. */
  looseInfo: LooseInfo | null;
  report: Report | null;
  overviews: Overviews | null;
  manifest: Manifest | null;
  error: string | null;
  lastPlay: { which: string; startFrame: number; frames: number; sampleRate: number; channels: number; peak: number } | null;
  /** Analysis workers for the next validation (undefined: one per core; 0: the validation worker only). Benchmarks and tests set it. */
  workers: number | undefined;
  /** Seconds the last validation spent reading and checking, then drawing the waveforms, and the analysis workers it ran in. */
  phases: { validate: number; overview: number; workers: number } | null;
}

const state: State = { status: 'idle', mode: 'package', file: null, sidecars: [], loose: null, mix: undefined, looseInfo: null, report: null, overviews: null, manifest: null, error: null, lastPlay: null, workers: undefined, phases: null };
/** When the running job started, and when its waveform pass started (performance.now(), ms). */
let began = 0;
let overviewFrom = 0;
(globalThis as unknown as { stempack: State }).stempack = state;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const style = document.createElement('style');
style.textContent = REPORT_CSS + APP_CSS;
document.head.append(style);

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let nextId = 1;
let jobId = 0;
const pending = new Map<number, (m: FromWorker) => void>();

worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'region' || (m.type === 'error' && pending.has(m.id))) {
    pending.get(m.id)?.(m);
    pending.delete(m.id);
    return;
  }
  if (m.id !== jobId) return;
  if (m.type === 'progress') {
    if (m.phase === 'overview' && overviewFrom === 0) overviewFrom = performance.now();
    const p = $<HTMLProgressElement>('progress');
    p.hidden = false;
    p.value = m.total > 0 ? m.done / m.total : 0;
    setStatus(`${m.phase === 'validate' ? 'Reading and checking every sample' : 'Drawing waveforms'}… ${m.total > 0 ? Math.floor((100 * m.done) / m.total) : 0}%`);
  } else if (m.type === 'done') {
    const now = performance.now();
    const split = overviewFrom || now;
    state.phases = { validate: (split - began) / 1000, overview: (now - split) / 1000, workers: m.workers ?? 0 };
    state.report = m.report;
    state.overviews = m.overviews;
    state.manifest = m.manifest;
    state.looseInfo = m.loose ?? null;
    show();
  } else if (m.type === 'error') {
    fail(m.message);
  }
});
worker.addEventListener('error', (e) => fail(e.message || 'the worker failed'));

/** The status line: progress, errors, playback. `spoken`: for screen readers only (the report's verdict shows it). */
function setStatus(text: string, spoken = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('app-sr', spoken);
}

function fail(msg: string): void {
  state.status = 'error';
  state.error = msg;
  document.body.dataset['state'] = 'error';
  $<HTMLProgressElement>('progress').hidden = true;
  setStatus(`Could not validate: ${msg}`);
}

async function profileValue(): Promise<string | undefined> {
  const sel = $<HTMLSelectElement>('profile').value;
  if (sel !== 'custom') return sel;
  const f = $<HTMLInputElement>('profile-file').files?.[0];
  return f ? await f.text() : undefined;
}

function begin(): void {
  state.status = 'running';
  state.report = null;
  state.overviews = null;
  state.error = null;
  state.phases = null;
  began = performance.now();
  overviewFrom = 0;
  document.body.dataset['state'] = 'running';
  $('report').innerHTML = '';
  $('tools').hidden = true;
  $<HTMLButtonElement>('revalidate').disabled = false;
  const p = $<HTMLProgressElement>('progress');
  p.hidden = false;
  p.value = 0;
  jobId = nextId++;
}

async function start(file: File, sidecars: File[] = []): Promise<void> {
  state.mode = 'package';
  state.file = file;
  state.sidecars = sidecars;
  state.loose = null;
  state.looseInfo = null;
  $('loose').hidden = true;
  begin();
  setStatus(`Validating ${file.name} (${file.size.toLocaleString('en-US')} bytes)…`);
  const profile = await profileValue();
  const msg: ToWorker = {
    type: 'validate',
    id: jobId,
    file,
    name: file.name,
    ...(profile !== undefined ? { profile } : {}),
    measureAll: $<HTMLInputElement>('measure').checked,
    explain: $<HTMLInputElement>('explain').checked,
    ...(state.workers !== undefined ? { workers: state.workers } : {}),
    allowedSigners: await Promise.all(sidecars.filter((f) => isSignatureSidecar(f.name) === 'allowed-signers').map(async (f) => ({ name: f.name, text: await f.text() }))),
    signatures: await Promise.all(sidecars.filter((f) => isSignatureSidecar(f.name) === 'signature').map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))),
  };
  worker.postMessage(msg);
}

/** Validate loose files (a folder of stems and their mix), with `mix` chosen or found by name. */
async function startLoose(loose: LooseInput, mix?: string): Promise<void> {
  state.mode = 'folder';
  state.file = null;
  state.loose = loose;
  state.mix = mix;
  state.looseInfo = null;
  begin();
  $('loose').hidden = false;
  $('loose-kind').textContent = loose.kind;
  $('loose-name').textContent = loose.folder;
  $('loose-count').textContent = loose.kind === 'files' ? '' : `${loose.files.length} file${loose.files.length === 1 ? '' : 's'}`;
  setStatus(`Validating ${loose.files.length} loose files from ${loose.folder}…`);
  const profile = await profileValue();
  const msg: ToWorker = {
    type: 'validate-loose',
    id: jobId,
    files: loose.files.map((f) => ({ name: f.name, file: f.file })),
    folder: loose.folder,
    ...(mix !== undefined ? { mix } : {}),
    ...(profile !== undefined ? { profile } : {}),
    measureAll: $<HTMLInputElement>('measure').checked,
    explain: $<HTMLInputElement>('explain').checked,
    ...(state.workers !== undefined ? { workers: state.workers } : {}),
  };
  worker.postMessage(msg);
}

/** Fill the mix select from the worker's answer; say when the guess is missing or ambiguous. */
function showLoose(): void {
  const info = state.looseInfo;
  if (!info) return;
  const sel = $<HTMLSelectElement>('mix');
  sel.innerHTML = '';
  if (info.mix === null) sel.append(new Option('(no mix found: choose one)', ''));
  for (const n of info.names) sel.append(new Option(n, n));
  sel.value = info.mix ?? '';
  // every file is mentioned: those that are not audio are listed as ignored, as the CLI lists them
  const ignored = state.report?.ignored ?? [];
  $('loose-ignored').textContent = ignored.length > 0 ? `Ignored (not audio): ${ignored.map((i) => i.path).join(', ')}` : '';
  const others = info.candidates.filter((c) => c !== info.mix);
  $('mix-note').textContent =
    info.mix === null
      ? 'No file is named like a mix (mix, master, full, main): choose the mix.'
      : state.mix === undefined && others.length > 0
        ? `Guessed from the name; also mix-like: ${others.join(', ')}.`
        : state.mix === undefined
          ? 'Guessed from the name.'
          : '';
}

function show(): void {
  const r = state.report!;
  const o = state.overviews;
  $<HTMLProgressElement>('progress').hidden = true;
  const signers = state.mode === 'package' ? state.sidecars.filter((f) => isSignatureSidecar(f.name) === 'allowed-signers').map((f) => f.name) : [];
  $('report').innerHTML = signaturesHtml(r, signers) + renderReportBody(r, o, { describe: describeFinding, manifest: state.manifest });
  // the verdict and the counts head the report: the status line says them to screen readers only
  setStatus(`${r.valid ? 'Valid' : 'Invalid'}: ${r.counts.error} errors, ${r.counts.warning} warnings, ${r.counts.info} info.`, true);
  if (state.mode === 'folder') showLoose();
  const src = $<HTMLSelectElement>('source');
  src.innerHTML = '';
  for (const f of o?.files ?? []) src.append(new Option(`${f.isMix ? 'Mix' : 'Stem'}: ${f.name}`, f.path));
  if (o?.residual) src.append(new Option('Null residual (mix − stems)', 'residual'));
  $('tools').hidden = !o || o.files.length === 0;
  if (o) for (const svg of document.querySelectorAll<SVGSVGElement>('svg.sp-wave')) addRegionRect(svg);
  updateRegion();
  state.status = 'done';
  document.body.dataset['state'] = 'done';
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function addRegionRect(svg: SVGSVGElement): void {
  const r = document.createElementNS(SVG_NS, 'rect');
  r.setAttribute('class', 'sp-region');
  r.setAttribute('y', '0');
  r.setAttribute('height', String(svg.viewBox.baseVal.height));
  r.setAttribute('width', '0');
  svg.insertBefore(r, svg.querySelector('.sp-cursor'));
}

function regionFrames(): { startFrame: number; frames: number } {
  const rate = state.overviews?.sampleRate ?? 48000;
  const s = Math.max(0, Number($<HTMLInputElement>('start').value) || 0);
  const len = Math.min(30, Math.max(0.05, Number($<HTMLInputElement>('length').value) || 3));
  return { startFrame: Math.round(s * rate), frames: Math.round(len * rate) };
}

function updateRegion(): void {
  const o = state.overviews;
  if (!o || o.frames === 0) return;
  const { startFrame, frames } = regionFrames();
  const x0 = (startFrame / o.frames) * LANE_WIDTH;
  const w = Math.max(0, Math.min(LANE_WIDTH - x0, (frames / o.frames) * LANE_WIDTH));
  for (const r of document.querySelectorAll('.sp-region')) {
    r.setAttribute('x', String(x0));
    r.setAttribute('width', String(w));
  }
}

function setCursor(frame: number): void {
  const o = state.overviews;
  if (!o || o.frames === 0) return;
  const x = String((frame / o.frames) * LANE_WIDTH);
  for (const l of document.querySelectorAll<SVGLineElement>('.sp-cursor')) {
    l.setAttribute('x1', x);
    l.setAttribute('x2', x);
    l.style.display = '';
  }
  document.querySelector('.sp-timeline')?.setAttribute('data-cursor-frame', String(frame));
}

$('report').addEventListener('click', (e) => {
  const t = e.target as Element;
  const b = t.closest<HTMLButtonElement>('button.sp-jump');
  const o = state.overviews;
  if (b) {
    const frame = Number(b.dataset['frame']);
    const end = b.dataset['endFrame'] !== undefined ? Number(b.dataset['endFrame']) : null;
    const rate = o?.sampleRate ?? 48000;
    setCursor(frame);
    $<HTMLInputElement>('start').value = (frame / rate).toFixed(3);
    if (end !== null) $<HTMLInputElement>('length').value = Math.min(30, Math.max(0.5, (end - frame + 1) / rate)).toFixed(2);
    const path = b.dataset['path'] ?? '';
    const src = $<HTMLSelectElement>('source');
    if ([...src.options].some((op) => op.value === path)) src.value = path;
    updateRegion();
    document.querySelector('.sp-timeline')?.scrollIntoView({ block: 'nearest' });
    return;
  }
  const svg = t.closest<SVGSVGElement>('svg.sp-wave');
  if (svg && o) {
    const box = svg.getBoundingClientRect();
    const frame = Math.max(0, Math.round(((e as MouseEvent).clientX - box.left) / box.width * o.frames));
    setCursor(frame);
    $<HTMLInputElement>('start').value = (frame / o.sampleRate).toFixed(3);
    const path = svg.dataset['path'];
    if (path) $<HTMLSelectElement>('source').value = path;
    updateRegion();
  }
});

let audio: AudioContext | null = null;
let playing: AudioBufferSourceNode | null = null;

function requestRegion(which: string, startFrame: number, frames: number): Promise<FromWorker> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ type: 'region', id, which, startFrame, frames } satisfies ToWorker);
  });
}

async function play(): Promise<void> {
  stop();
  const which = $<HTMLSelectElement>('source').value;
  const { startFrame, frames } = regionFrames();
  setCursor(startFrame);
  const m = await requestRegion(which, startFrame, frames);
  if (m.type !== 'region' || !m.channels || m.channels.length === 0 || m.channels[0]!.length === 0) {
    setStatus('Nothing to play in that region.');
    return;
  }
  let peak = 0;
  for (const c of m.channels) for (let i = 0; i < c.length; i++) peak = Math.max(peak, Math.abs(c[i]!));
  state.lastPlay = { which, startFrame, frames: m.channels[0]!.length, sampleRate: m.sampleRate, channels: m.channels.length, peak };
  audio ??= new AudioContext();
  const buf = audio.createBuffer(m.channels.length, m.channels[0]!.length, m.sampleRate);
  m.channels.forEach((c, i) => buf.copyToChannel(c as Float32Array<ArrayBuffer>, i));
  const node = audio.createBufferSource();
  node.buffer = buf;
  node.connect(audio.destination);
  node.start();
  playing = node;
  setStatus(`Playing ${which === 'residual' ? 'the null residual' : which} from ${(startFrame / m.sampleRate).toFixed(2)} s.`);
}

function stop(): void {
  try {
    playing?.stop();
  } catch {
    /* already stopped */
  }
  playing = null;
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName(): string {
  if (state.mode === 'folder') return state.loose?.folder.replace(/[^\w.-]+/g, '_') || 'folder';
  return (state.file?.name ?? 'package').replace(/\.[^.]*$/, '');
}

$('play').addEventListener('click', () => void play().catch((e: unknown) => setStatus(`Could not play: ${String(e)}`)));
$('stop').addEventListener('click', stop);
$('start').addEventListener('input', updateRegion);
$('length').addEventListener('input', updateRegion);
$('export-json').addEventListener('click', () => {
  if (state.report) download(`${baseName()}.report.json`, 'application/json', JSON.stringify(state.report, null, 2) + '\n');
});
$('export-html').addEventListener('click', () => {
  if (state.report) download(`${baseName()}.report.html`, 'text/html', writeHtmlReport(state.report, state.overviews, { describe: describeFinding, manifest: state.manifest }));
});
$('profile').addEventListener('change', () => {
  $('custom-wrap').hidden = $<HTMLSelectElement>('profile').value !== 'custom';
});
$('revalidate').addEventListener('click', () => {
  if (state.mode === 'folder' && state.loose) void startLoose(state.loose, state.mix);
  else if (state.file) void start(state.file, state.sidecars);
});
$<HTMLSelectElement>('mix').addEventListener('change', () => {
  const v = $<HTMLSelectElement>('mix').value;
  if (state.loose && v !== '') void startLoose(state.loose, v);
});
/** One file is a package (with any allowed signers and .sig files beside it); several are loose files. */
function startFiles(files: File[]): void {
  const sidecars = files.filter((f) => isSignatureSidecar(f.name) !== null);
  const rest = files.filter((f) => isSignatureSidecar(f.name) === null);
  if (rest.length === 1 && sidecars.length > 0) void start(rest[0]!, sidecars);
  else if (files.length === 1) void start(files[0]!);
  else if (files.length > 1) void startLoose({ kind: 'files', folder: `${files.length} files`, files: files.map((f) => ({ name: f.name, file: f })) });
}
$<HTMLInputElement>('file').addEventListener('change', () => {
  $<HTMLInputElement>('folder').value = '';
  startFiles([...($<HTMLInputElement>('file').files ?? [])]);
});
$<HTMLInputElement>('folder').addEventListener('change', () => {
  $<HTMLInputElement>('file').value = '';
  const loose = filesOfFolderInput([...($<HTMLInputElement>('folder').files ?? [])]);
  if (loose) void startLoose(loose);
});
const drop = $('drop');
for (const ev of ['dragenter', 'dragover'] as const) {
  drop.addEventListener(ev, (e) => {
    e.preventDefault();
    drop.classList.add('app-over');
  });
}
drop.addEventListener('dragleave', () => drop.classList.remove('app-over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('app-over');
  const dt = e.dataTransfer;
  if (!dt) return;
  // entries must be taken while the event runs; a dropped folder is read afterwards
  const entries = [...dt.items].map((it) => it.webkitGetAsEntry?.() ?? null).filter((x): x is FileSystemEntry => x !== null);
  if (entries.some((en) => en.isDirectory)) {
    void filesOfEntries(entries)
      .then((loose) => (loose ? startLoose(loose) : setStatus('Nothing to validate in that folder.')))
      .catch((err: unknown) => fail(`could not read the dropped folder: ${String(err)}`));
  } else startFiles([...dt.files]);
});
// a file dropped outside the zone must not navigate away
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());
document.body.dataset['state'] = 'idle';
