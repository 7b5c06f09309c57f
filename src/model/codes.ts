/**
 * The registry of every requirement ID in `spec/stempack.md`.
 *
 * Each key is a stable ID of the form `SP-<AREA>-<NNN>`; the spec is normative and this
 * registry mirrors it. `test/spec/registry-sync.test.ts` fails when the two disagree.
 * MUST/MUST NOT sentences are `error`, SHOULD/SHOULD NOT `warning`, MAY (informative
 * findings a validator is allowed to report) `info`.
 *
 * This module imports nothing.
 */
export const CODES = {
  // Container (spec §3)
  'SP-ZIP-001': { severity: 'error', section: '3.1', summary: 'The package is a readable ZIP archive (end of central directory and central directory intact).' },
  'SP-ZIP-002': { severity: 'error', section: '3.2', summary: 'The first entry is `mimetype`, stored, without extra field, containing exactly `application/vnd.stempack+zip`.' },
  'SP-ZIP-003': { severity: 'warning', section: '3.1', summary: 'The file name ends in `.stempack`.' },
  'SP-ZIP-004': { severity: 'error', section: '3.2', summary: 'The manifest `stempack.json` is present at the root.' },
  'SP-ZIP-005': { severity: 'warning', section: '3.2', summary: 'The manifest is the second entry.' },
  'SP-ZIP-006': { severity: 'error', section: '3.3', summary: 'Every audio entry is stored (compression method 0).' },
  'SP-ZIP-007': { severity: 'error', section: '3.3', summary: 'Entries are consistent: stored or deflated, local headers agree with the central directory, data lies inside the archive, entries do not overlap, Zip64 fields are used where sizes or offsets need them.' },
  'SP-ZIP-008': { severity: 'error', section: '3.4', summary: 'Entry names are safe relative UTF-8 paths with `/` (no `..`, leading `/`, backslash, drive letter, NUL or control character).' },
  'SP-ZIP-009': { severity: 'error', section: '3.4', summary: 'No two entry names are equal, or equal after Unicode NFC normalisation and case folding.' },
  'SP-ZIP-010': { severity: 'error', section: '3.5', summary: 'Every entry other than `mimetype`, the manifest, signature entries and directory entries is listed in the manifest.' },
  'SP-ZIP-011': { severity: 'error', section: '3.5', summary: 'No entry is itself an archive (nested ZIP, stempack, RAR, 7z, tar, gzip...).' },
  'SP-ZIP-012': { severity: 'error', section: '3.5', summary: 'Stems are under `stems/`, the mix under `mix/`, attachments under `docs/`.' },
  'SP-ZIP-013': { severity: 'error', section: '3.3', summary: 'The CRC-32 of every entry matches its data.' },
  'SP-ZIP-014': { severity: 'error', section: '3.3', summary: 'No entry is encrypted.' },
  'SP-ZIP-015': { severity: 'error', section: '3.3', summary: 'Every byte before the central directory belongs to an entry it lists (local header, data, data descriptor), and the archive comment holds no end of central directory signature.' },
  // Signatures (spec §3.6, §3.7)
  'SP-SIG-001': { severity: 'error', section: '3.6', summary: 'Every signature entry `signatures/<name>.sig` is stored after the manifest, and it and every detached signature hold one readable armoured SSHSIG signature of at most 65,536 bytes.' },
  'SP-SIG-002': { severity: 'error', section: '3.6', summary: 'A delivery signature\'s namespace is `stempack-delivery` (a receipt\'s `stempack-receipt`).' },
  'SP-SIG-003': { severity: 'error', section: '3.6', summary: 'A signature uses the hash `sha512` and an accepted key and signature algorithm (Ed25519, ECDSA P-256/384/521, RSA of 2048 bits or more with `rsa-sha2-512` or `rsa-sha2-256`, their security-key forms); `ssh-rsa` (SHA-1) and certificates are refused.' },
  'SP-SIG-004': { severity: 'error', section: '3.6', summary: 'A signature verifies over the exact bytes of the stored manifest entry.' },
  'SP-SIG-101': { severity: 'info', section: '3.6', summary: 'A verified signature, with its key type, SHA256 fingerprint and the signer\'s principal or an unknown signer.' },
  'SP-SIG-005': { severity: 'error', section: '3.7', summary: 'With allowed signers in force, at least one signature verifies from a key they allow for the namespace and the identity asked.' },
  'SP-SIG-006': { severity: 'error', section: '3.7', summary: 'A signer\'s key is used within the `valid-after` and `valid-before` times of its allowed signers line.' },
  // Conformance classes (spec §2)
  'SP-PAK-001': { severity: 'error', section: '2', summary: 'A packer writes only packages free of error-level findings, and the manifest figures it writes are measured from the files it stores.' },
  'SP-VAL-001': { severity: 'error', section: '2', summary: 'A validator checks every requirement of the level it runs, reports each broken one as a finding and never stops at the first error.' },
  // Contract handoff (spec §4)
  'SP-SES-001': { severity: 'error', section: '4', summary: 'The package contains no DAW session file or session bundle folder.' },
  // Manifest (spec §5)
  'SP-MAN-001': { severity: 'error', section: '5.1', summary: 'The manifest is UTF-8 JSON without byte order mark and parses.' },
  'SP-MAN-002': { severity: 'error', section: '5.1', summary: 'The manifest conforms to `schema/manifest.schema.json` (unknown fields only with an `x-` prefix).' },
  'SP-MAN-003': { severity: 'error', section: '5.3', summary: 'Every path the manifest lists is present in the package.' },
  'SP-MAN-004': { severity: 'error', section: '5.3', summary: 'The byte size the manifest gives for an entry equals the entry size.' },
  'SP-MAN-005': { severity: 'error', section: '5.2', summary: 'Stem and mix ids are unique.' },
  'SP-MAN-006': { severity: 'error', section: '5.2', summary: 'No two manifest items name the same path.' },
  'SP-MAN-007': { severity: 'error', section: '5.3', summary: 'The SHA-256 of each file equals the manifest `sha256`.' },
  'SP-MAN-008': { severity: 'error', section: '5.3', summary: 'The SHA-256 of each file\'s sample data equals the manifest `audioSha256`.' },
  'SP-MAN-009': { severity: 'error', section: '5.3', summary: 'The frame count the manifest gives for a file equals the file\'s frame count.' },
  'SP-MAN-010': { severity: 'error', section: '5.3', summary: 'The peak the manifest gives for a file equals the measured peak (within 0.01 dB).' },
  'SP-MAN-011': { severity: 'error', section: '5.2', summary: 'The timeline sample rate equals the format sample rate.' },
  'SP-MAN-012': { severity: 'warning', section: '5.2', summary: 'The manifest names the people credited (`credits`) and an ISRC once one is assigned.' },
  'SP-MAN-013': { severity: 'error', section: '5.2', summary: 'Each audio item\'s `layout` fits its channel count (mono 1, stereo 2, LCR 3, quad 4, 5.0 5, 5.1 6, 7.1 8, discrete any).' },
  'SP-MAN-014': { severity: 'error', section: '5.1', summary: 'The member names within each JSON object of the manifest are unique, compared after escapes are resolved (I-JSON, RFC 7493 §2.3).' },
  // Audio (spec §6)
  'SP-AUD-001': { severity: 'error', section: '6.1', summary: 'Every audio file is lossless PCM in a supported container and encoding.' },
  'SP-AUD-002': { severity: 'error', section: '6.1', summary: 'Every audio file has a consistent header: required chunks present, sizes inside the file, no 0xFFFFFFFF size outside RF64/BW64.' },
  'SP-AUD-003': { severity: 'error', section: '6.2', summary: 'The mix and all stems share the container type.' },
  'SP-AUD-004': { severity: 'error', section: '6.2', summary: 'The mix and all stems share sample format and bit depth.' },
  'SP-AUD-005': { severity: 'error', section: '6.2', summary: 'The mix and all stems share the sample rate.' },
  'SP-AUD-006': { severity: 'error', section: '6.2', summary: 'No audio file has a lower sample rate or bit depth than the session resolution.' },
  'SP-AUD-007': { severity: 'error', section: '6.2', summary: 'The manifest `format` describes every audio file.' },
  'SP-AUD-008': { severity: 'warning', section: '6.1', summary: 'The file extension matches the content (`.wav` for RIFF/RF64/BW64, `.aif`/`.aiff` for AIFF, `.aif`/`.aifc` for AIFF-C).' },
  'SP-AUD-009': { severity: 'warning', section: '6.2', summary: 'Integer PCM is 24-bit or deeper.' },
  'SP-AUD-010': { severity: 'warning', section: '6.1', summary: 'Valid bits per sample equal the container bit depth.' },
  'SP-AUD-011': { severity: 'warning', section: '6.2', summary: 'The sample rate is 44,100 Hz or higher.' },
  'SP-AUD-012': { severity: 'error', section: '6.1', summary: 'Every sample of a floating-point file is a finite number (no NaN, no infinity).' },
  // Length (spec §6.3)
  'SP-LEN-001': { severity: 'error', section: '6.3', summary: 'The mix and all stems have exactly the same number of sample frames.' },
  'SP-LEN-002': { severity: 'error', section: '6.3', summary: 'Every audio file has exactly the timeline length in frames.' },
  'SP-LEN-003': { severity: 'error', section: '6.3', summary: 'The sample data is a whole number of frames.' },
  // Start (spec §6.4)
  'SP-START-001': { severity: 'error', section: '6.4', summary: 'A BWF TimeReference, where present, equals the manifest timeline start.' },
  'SP-START-002': { severity: 'warning', section: '6.4', summary: 'If any audio file carries a `bext` chunk, every audio file carries one.' },
  // Channels (spec §6.5)
  'SP-CH-001': { severity: 'error', section: '6.5', summary: 'Each file has the channel count the manifest gives.' },
  'SP-CH-002': { severity: 'error', section: '6.5', summary: 'Stereo stems are one interleaved file, never split-mono pairs.' },
  'SP-CH-003': { severity: 'error', section: '6.5', summary: 'A non-zero WAVE_FORMAT_EXTENSIBLE channel mask has one bit per channel and matches the declared layout.' },
  'SP-CH-004': { severity: 'warning', section: '6.5', summary: 'Every stem has the channel count of the mix.' },
  // Levels (spec §7)
  'SP-LVL-001': { severity: 'warning', section: '7.1', summary: 'No run of consecutive full-scale samples as long as the clipping threshold (12 frames at 48 kHz, scaled with the rate).' },
  'SP-LVL-002': { severity: 'warning', section: '7.2', summary: 'The sample peak stays below the headroom limit in force (default: below 0 dBFS).' },
  'SP-LVL-003': { severity: 'warning', section: '7.2', summary: 'Files are not normalised (peaks exactly at 0 dBFS or at the same round value on several files).' },
  'SP-LVL-004': { severity: 'warning', section: '7.3', summary: 'No stem is digital silence throughout.' },
  'SP-LVL-005': { severity: 'warning', section: '7.4', summary: 'No multichannel file has identical channels (dual mono).' },
  'SP-LVL-006': { severity: 'warning', section: '7.4', summary: 'DC offset per channel stays below -50 dBFS.' },
  'SP-LVL-007': { severity: 'warning', section: '7.2', summary: 'The true peak stays at or below the true-peak limit in force (default 0 dBTP).' },
  'SP-LVL-008': { severity: 'warning', section: '7.4', summary: 'No multichannel file has a channel that is the exact inverse of another.' },
  'SP-LVL-101': { severity: 'info', section: '7.5', summary: 'Level measurements (peak, true peak, loudness, silence, DC, correlation) reported as information.' },
  // Null sum (spec §8)
  'SP-NULL-001': { severity: 'error', section: '8.3', summary: 'Without declared mix-bus processing, the residual peak is at or below the null tolerance in force (default -80 dBFS).' },
  'SP-NULL-002': { severity: 'warning', section: '8.3', summary: 'A declared null tolerance is not looser than -60 dBFS.' },
  'SP-NULL-101': { severity: 'info', section: '8.4', summary: 'Null-sum measurements (residual peak and RMS, null depth, exact null).' },
  'SP-NULL-102': { severity: 'info', section: '8.5', summary: 'A forensic explanation of a failing null (offset, polarity, gain, swapped channels, missing or duplicated stem, mix-bus processing).' },
  'SP-NULL-103': { severity: 'info', section: '8.4', summary: 'The frame counts differ, so the null-sum was computed over the common span (the frames every file covers), with the frames left out of each longer file.' },
  // Versions and render (spec §9)
  'SP-REN-001': { severity: 'error', section: '9.2', summary: 'Every role or stem id a version names matches at least one stem.' },
  'SP-REN-002': { severity: 'error', section: '9.1', summary: 'Version names are unique.' },
  'SP-REN-003': { severity: 'warning', section: '9.3', summary: 'A render does not clamp samples (reported with count and positions).' },
  'SP-REN-004': { severity: 'error', section: '9.3', summary: 'A renderer applies the gain, summation, quantisation and dither arithmetic of §9 exactly, so conforming renders are bit-identical.' },
  'SP-REN-005': { severity: 'error', section: '9.3', summary: 'Every stem summed into a render has one channel or the output\'s channel count.' },
  'SP-REN-006': { severity: 'warning', section: '9.3', summary: 'A rendered version other than `full` neither mutes every stem (digital silence) nor leaves every stem at its `full` gain (the mix again).' },
  // Profiles (spec §10)
  'SP-PRO-001': { severity: 'error', section: '10.1', summary: 'A profile conforms to `schema/profile.schema.json`.' },
  'SP-PRO-002': { severity: 'error', section: '10.2', summary: 'The package has at least one stem of every role the profile requires.' },
  'SP-PRO-003': { severity: 'error', section: '10.2', summary: 'Sample rate, bit depth, sample format and container are among those the profile allows.' },
  'SP-PRO-004': { severity: 'warning', section: '10.2', summary: 'Audio file names match the profile naming pattern.' },
  // Versioning (spec §11)
  'SP-VER-001': { severity: 'error', section: '11', summary: 'The manifest major spec version is one the reader implements.' },
  'SP-VER-002': { severity: 'warning', section: '11', summary: 'The manifest minor spec version is not newer than the reader implements.' },
  // Report (spec §12)
  'SP-VAL-002': { severity: 'error', section: '12', summary: 'A validator\'s machine-readable report conforms to `schema/report.schema.json`.' },
  // Receipts (spec §12.1)
  'SP-RCP-001': { severity: 'error', section: '12.1', summary: 'A receipt is an in-toto Statement v1 with the stempack receipt predicate, conforming to `schema/receipt.schema.json`.' },
  'SP-RCP-002': { severity: 'error', section: '12.1', summary: 'The digests a receipt gives for the package file, its manifest entry and its signature entries match the package it is checked against.' },
} as const;

/** A requirement ID, e.g. `SP-LEN-001`. */
export type Code = keyof typeof CODES;
/** Finding severity: MUST = error, SHOULD = warning, MAY = info. */
export type Severity = 'error' | 'warning' | 'info';

/** All registered codes in spec order. */
export const ALL_CODES = Object.keys(CODES) as Code[];

/** The severity the spec assigns to a code (before any profile override). */
export function severityOf(code: Code): Severity {
  return CODES[code].severity;
}

/** Pattern every requirement ID follows. */
export const CODE_PATTERN = /^SP-[A-Z]+-\d{3}$/;
