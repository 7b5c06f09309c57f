// Many short files in one pass (issue #19): a file's buffers are sized by its own length, not by
// the block (20,000 stems of 48 frames held 6 KB of decode buffer each), and the worker engine
// steps aside when its ring would need gigabytes to hold two blocks of every file. Results are
// the same either way.
import { describe, it, expect, afterEach } from 'vitest';
import { analyzeFiles, setAnalysisEngineFactory, localEngine, type AnalysisFile, type FileSpec } from './analysis-api.js';
import { createWorkerEngine } from '../../src/analysis/parallel-node.js';
import { readAudioHeader } from '../../src/audio/index.js';
import { BytesSource } from '../../src/io/index.js';
import { encodeWav } from '../helpers/wav.js';

async function files(n: number, frames: number): Promise<AnalysisFile[]> {
  const out: AnalysisFile[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = encodeWav({ sampleRate: 48000, channels: 1, sampleFormat: 'int', bitDepth: 24, samples: Int32Array.from({ length: frames }, (_, k) => (k * 977 + i) % 5000) });
    const src = new BytesSource(bytes, `f${i}.wav`);
    out.push({ path: src.name, src, header: (await readAudioHeader(src)).header! });
  }
  return out;
}

afterEach(() => setAnalysisEngineFactory(createWorkerEngine));

describe('analysis of many short files', () => {
  it('each file gets a block no longer than itself; the results do not change', async () => {
    const fs = [...(await files(3, 48)), ...(await files(1, 70_000))];
    let specs: FileSpec[] = [];
    setAnalysisEngineFactory((_f, s) => {
      specs = s;
      return localEngine(s);
    });
    const a = await analyzeFiles(fs, { workers: 1 });
    expect(specs.map((s) => s.blockFrames)).toEqual([48, 48, 48, 32768]);
    setAnalysisEngineFactory(null);
    const b = await analyzeFiles(fs, { blockFrames: 32768 });
    expect(a).toEqual(b);
  });

  it('the worker engine is not used when two blocks of every file would not fit its largest ring', async () => {
    const many = await files(2100, 8);
    const specs = many.map((f) => ({ encoding: f.header.encoding, channels: 1, sampleRate: 48000, decodable: true, levels: false as const, crc: true, blockFrames: 8 }));
    expect(createWorkerEngine(many, specs, 1)).toBeNull();
    const few = many.slice(0, 10);
    const engine = createWorkerEngine(few, specs.slice(0, 10), 1);
    expect(engine).not.toBeNull();
    engine?.close();
  });
});
