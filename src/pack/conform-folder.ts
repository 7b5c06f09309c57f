/**
 * The audio set of a folder as conform sees it (`stempack conform`): the files pack would
 * package, found as pack finds them (split-mono pairs, the mix by name), before any role or
 * manifest question, which conform does not need.
 * @module
 */
import { resolve } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { ConformItem } from '../conform/types.js';
import { scanInputs } from '../inputs/scan.js';
import { planItems, readInputs } from './plan.js';
import { conformItemOf } from './conform-step.js';

/** The conform items of pack inputs, the findings that stop conform (unreadable files, no mix...), the files left out. */
export async function conformItemsOf(opts: { inputs: string[]; mix?: string; exclude?: string[] }): Promise<{ items: ConformItem[]; findings: Finding[]; ignored: string[] }> {
  const findings: Finding[] = [];
  const ignored: string[] = [];
  const skip = new Set((opts.exclude ?? []).map((p) => resolve(p)));
  let scanned = await scanInputs(opts.inputs);
  if (opts.mix !== undefined && !scanned.some((s) => resolve(s.path) === resolve(opts.mix!))) scanned.push(...(await scanInputs([opts.mix])));
  scanned = scanned.filter((s) => !skip.has(resolve(s.path)));
  const audio = await readInputs(scanned, findings, ignored);
  const planned: Finding[] = [];
  const plan = planItems(audio, opts.mix !== undefined ? { mix: opts.mix } : {}, planned);
  // roles and ids are pack's business, not conform's
  findings.push(...planned.filter((f) => !(f.code === 'SP-MAN-002' && (f.params as { reason?: string }).reason === 'roles-unclear')));
  return { items: plan.items.map((it) => conformItemOf(it, 0)), findings, ignored };
}
