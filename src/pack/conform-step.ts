/**
 * `pack --conform`: the planned items handed to conform (spec §5.5), and conform's decisions
 * handed back: conformed headers, names and entries, byte sources that stream the conformed
 * files into the package, SP-PAK-002 refusals, and the record for the manifest.
 * @module
 */
import { finding, type Finding } from '../model/finding.js';
import type { ConformRecord } from '../model/manifest.js';
import { conformedFile, hashOriginals, prepareConform, type ConformedFile, type PreparedConform } from '../conform/run.js';
import { buildRecord, PLACEHOLDER_HASHES } from '../conform/record.js';
import { refusalParams, repairLines } from '../conform/format.js';
import type { ConformItem, ConformOptions } from '../conform/types.js';
import type { FileHashes } from '../conform/hash-files.js';
import { entryFileName, type PlannedItem } from './plan.js';

/** What conform decided for a pack run. */
export interface PackConformStep {
  prepared: PreparedConform;
  /** The conformed file of each changed item. */
  files: Map<PlannedItem, ConformedFile>;
  /** Input paths of the items conform refused. */
  refused: Set<string>;
  /** Paths of items made dual mono (their identical channels are the record's, spec §7.4). */
  dualMono: Set<string>;
  /** One line per repair, for the summary. */
  repairs: string[];
  /** The record with every original's hashes (`hashes` from {@link hashOriginals}), or placeholders of the same length. */
  record(hashes: Map<string, FileHashes> | null): ConformRecord | null;
}

/** The conform item of a planned item. */
export function conformItemOf(it: PlannedItem, gainDb: number): ConformItem {
  return {
    name: it.name,
    path: it.path,
    isMix: it.isMix,
    sources: it.inputs.map((i) => ({ path: i.scan.path, size: i.scan.size, header: i.header })),
    ...(gainDb !== 0 ? { gainDb } : {}),
  };
}

/**
 * Conform the planned items (the mix among them): refusals go into `findings` as SP-PAK-002;
 * changed items get their conformed header, name and entry (in place). Close the result's
 * `prepared` when done.
 */
export async function conformForPack(items: PlannedItem[], options: ConformOptions, tolerance: number, gainOf: (it: PlannedItem) => number, findings: Finding[]): Promise<PackConformStep> {
  const prepared = await prepareConform(items.map((it) => conformItemOf(it, it.isMix ? 0 : gainOf(it))), options, { tolerance });
  try {
    const plan = prepared.plan;
    for (const r of plan.refusals) {
      const p = refusalParams(r);
      findings.push(finding('SP-PAK-002', r.path, p));
    }
    const files = new Map<PlannedItem, ConformedFile>();
    const dualMono = new Set<string>();
    const refused = new Set(plan.refusals.map((r) => r.path));
    // with refusals nothing is written, but the other files still take their conformed headers,
    // so that what pack then reports is only what conform could not repair
    {
      for (const [i, fp] of plan.files.entries()) {
        if (!fp.changed || refused.has(fp.item.path)) continue;
        const it = items[i]!;
        const cf = await conformedFile(prepared, i);
        files.set(it, cf);
        it.header = cf.header;
        it.name = fp.name;
        it.entry = `${it.isMix ? 'mix' : 'stems'}/${entryFileName(fp.name)}`;
        if (fp.channelOp === 'dualMono') dualMono.add(it.path);
      }
    }
    return {
      prepared,
      files,
      refused,
      dualMono,
      repairs: repairLines(plan),
      record: (hashes) =>
        buildRecord(
          plan,
          (fp) => items[plan.files.indexOf(fp)]!.entry,
          (path) => {
            const h = hashes?.get(path);
            return h ? { sha256: h.sha256, audioSha256: h.audioSha256 } : PLACEHOLDER_HASHES;
          },
        ),
    };
  } catch (e) {
    await prepared.close();
    throw e;
  }
}

/** Start hashing the originals of the changed files (in a worker thread): the record needs their SHA-256s. */
export function startHashing(step: PackConformStep): Promise<Map<string, FileHashes>> {
  const p = hashOriginals(step.prepared.plan);
  p.catch(() => undefined);
  return p;
}
