/**
 * A random-access source of bytes: a file, a stored entry inside a zip, a browser Blob,
 * a byte array, an HTTP range. All parsing goes through this, so the same code runs in Node
 * and in the browser, from a file or from inside a package, without copies.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** A human-readable name for messages (file path or entry name). */
  readonly name: string;
  /**
   * Read `length` bytes at `offset`. Returns fewer bytes only at the end of the source.
   * Never reads outside `[0, size)`. May return a view into a shared buffer that is valid
   * until the next call: copy it if you keep it.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A sink bytes are written to in order (a file opened for writing, a zip entry...). */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
  /** Overwrite bytes already written (used to patch sizes). Optional: streaming sinks can't. */
  writeAt?(offset: number, chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
