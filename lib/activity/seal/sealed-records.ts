import type { SealKind } from "@/db/schema";
import { IdIndex } from "./id-index";
import { kindOfCode, RECORD_BYTES, ROW_CODE, readMicros, recordId } from "./manifest";

/**
 * The records of a chain's entries, in chain order, kept as their manifests' bytes: a record is
 * a number (its place in the chain), and its kind, row, times and hash are read from the bytes
 * when asked. A verifier holds a million of them for a whole pass; as objects they were most of
 * what its garbage collector copied, and their ids and hashes a million strings each.
 */
export class SealedRecords {
  private readonly manifests: Buffer[] = [];
  private readonly seqs: number[] = [];
  /** Per record: its entry (an index into `manifests`) and its byte offset there. */
  private readonly entries: number[] = [];
  private readonly offsets: number[] = [];
  private seenFlags = new Uint8Array(0);
  private rows: IdIndex | null = null;
  private readonly later = new Map<string, number[]>();

  get length(): number {
    return this.entries.length;
  }

  /**
   * Adds entry `seq`'s records; throws, adding none, when the bytes are not a manifest (their
   * length or a kind).
   */
  add(seq: number, bytes: Uint8Array): void {
    const manifest = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (manifest.length % RECORD_BYTES !== 0) throw new Error("a manifest's length is a multiple of 65");
    for (let at = 0; at < manifest.length; at += RECORD_BYTES)
      if (!kindOfCode(manifest[at]!))
        throw new Error(`record ${at / RECORD_BYTES}: unknown kind ${manifest[at]}`);
    const entry = this.manifests.length;
    this.manifests.push(manifest);
    this.seqs.push(seq);
    for (let at = 0; at < manifest.length; at += RECORD_BYTES) {
      const record = this.entries.length;
      this.entries.push(entry);
      this.offsets.push(at);
      if (manifest[at] !== ROW_CODE) {
        const id = recordId(manifest, at);
        const list = this.later.get(id);
        if (list) list.push(record);
        else this.later.set(id, [record]);
      }
    }
  }

  /** Done adding: indexes the rows' records by id. */
  seal(): void {
    this.seenFlags = new Uint8Array(this.length);
    const index = new IdIndex(this.length);
    for (let record = 0; record < this.length; record++) {
      const manifest = this.manifests[this.entries[record]!]!;
      const at = this.offsets[record]!;
      if (manifest[at] === ROW_CODE) index.setBytes(manifest, at + 1, record);
    }
    this.rows = index;
  }

  /** The record sealing row `id`'s insert, or -1. */
  rowRecord(id: string): number {
    return this.rows!.get(id);
  }

  /** The resolutions' and scrubs' records of row `id`, in chain order. */
  laterRecords(id: string): readonly number[] | undefined {
    return this.later.get(id);
  }

  kind(record: number): SealKind {
    return kindOfCode(this.byte(record, 0))!;
  }

  isRow(record: number): boolean {
    return this.byte(record, 0) === ROW_CODE;
  }

  seq(record: number): number {
    return this.seqs[this.entries[record]!]!;
  }

  /** The record's place in its entry. */
  position(record: number): number {
    return this.offsets[record]! / RECORD_BYTES;
  }

  activityId(record: number): string {
    return recordId(this.manifests[this.entries[record]!]!, this.offsets[record]!);
  }

  occurredAt(record: number): number {
    return readMicros(this.manifests[this.entries[record]!]!, this.offsets[record]! + 17);
  }

  insertedAt(record: number): number {
    return readMicros(this.manifests[this.entries[record]!]!, this.offsets[record]! + 25);
  }

  /** Whether the record's sealed hash is `digest` (32 bytes as a binary string: `sealBinary`). */
  hashIs(record: number, digest: string): boolean {
    if (digest.length !== 32) return false;
    const manifest = this.manifests[this.entries[record]!]!;
    const at = this.offsets[record]! + 33;
    for (let i = 0; i < 32; i++) if (manifest[at + i] !== digest.charCodeAt(i)) return false;
    return true;
  }

  seen(record: number): boolean {
    return this.seenFlags[record] === 1;
  }

  see(record: number): void {
    this.seenFlags[record] = 1;
  }

  private byte(record: number, offset: number): number {
    return this.manifests[this.entries[record]!]![this.offsets[record]! + offset]!;
  }
}
