import type { SealKind } from "@/db/schema";

/**
 * One seal entry's manifest: what it seals, in order, as fixed 65-byte records —
 * kind (1 byte: 1 row, 2 resolution, 3 redaction), the activity id (16 bytes), the row's
 * occurred_at and inserted_at, each as microseconds since 1970 (signed 64-bit, big-endian), and
 * the sha256 of the sealed form (32 bytes; the resolution's and the scrub's forms include their
 * time). The chain hashes the manifest whole, so each record is as sealed as the entry; the two
 * times say whether a recorded purge covers the row once it is gone.
 */
export const RECORD_BYTES = 65;

const kindCodes: Record<SealKind, number> = { row: 1, resolution: 2, redaction: 3 };
const kindsByCode: (SealKind | undefined)[] = [undefined, "row", "resolution", "redaction"];

export type ManifestRecord = {
  kind: SealKind;
  activityId: string;
  /** Microseconds since 1970, UTC. */
  occurredAt: number;
  insertedAt: number;
  /** The sealed form's sha256 (32 bytes, or a binary string of them: `sealBinary`). */
  hash: Uint8Array | string;
};

/** An exact timestamp as the seal reads it (`2026-01-02T03:04:05.123456Z`) in microseconds. */
export function toMicros(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 23)}Z`);
  if (Number.isNaN(ms) || iso.length !== 27) throw new Error(`not an exact UTC timestamp: ${iso}`);
  return ms * 1000 + Number(iso.slice(23, 26));
}

/** The inverse of `toMicros`. */
export function fromMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, 23)}${String(rest).padStart(3, "0")}Z`;
}

export function encodeManifest(records: ManifestRecord[]): Buffer {
  const out = Buffer.allocUnsafe(records.length * RECORD_BYTES);
  records.forEach((record, index) => {
    const at = index * RECORD_BYTES;
    out[at] = kindCodes[record.kind];
    out.write(record.activityId.replaceAll("-", ""), at + 1, 16, "hex");
    out.writeBigInt64BE(BigInt(record.occurredAt), at + 17);
    out.writeBigInt64BE(BigInt(record.insertedAt), at + 25);
    if (typeof record.hash !== "string") out.set(record.hash, at + 33);
    else if (record.hash.length === 32) out.write(record.hash, at + 33, 32, "latin1");
    else throw new Error("a record's hash is 32 bytes");
  });
  return out;
}

/** The first byte of a row's record. */
export const ROW_CODE = kindCodes.row;

/** The kind of a record's first byte, or undefined when it is no kind. */
export const kindOfCode = (code: number): SealKind | undefined => kindsByCode[code];

/** Microseconds since 1970 at `at`: two 32-bit halves, exact below 2^53 µs (the year 287,396), no BigInt. */
export const readMicros = (buffer: Buffer, at: number) =>
  buffer.readInt32BE(at) * 4294967296 + buffer.readUInt32BE(at + 4);

/** The activity id of the record at byte `at` of a manifest. */
export const recordId = (buffer: Buffer, at: number) => uuidOf(buffer.toString("hex", at + 1, at + 17));

const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** The records of a manifest; throws when its length or a kind is not a manifest's. */
export function decodeManifest(bytes: Uint8Array): ManifestRecord[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length % RECORD_BYTES !== 0) throw new Error("a manifest's length is a multiple of 65");
  const records: ManifestRecord[] = [];
  for (let at = 0; at < buffer.length; at += RECORD_BYTES) {
    const kind = kindsByCode[buffer[at]!];
    if (!kind) throw new Error(`record ${at / RECORD_BYTES}: unknown kind ${buffer[at]}`);
    records.push({
      kind,
      activityId: uuidOf(buffer.toString("hex", at + 1, at + 17)),
      occurredAt: Number(buffer.readBigInt64BE(at + 17)),
      insertedAt: Number(buffer.readBigInt64BE(at + 25)),
      hash: buffer.subarray(at + 33, at + RECORD_BYTES),
    });
  }
  return records;
}
