/**
 * Ids (canonical UUID text) to small integers, for the verifier's lookup of a row's sealed
 * record among a million: the ids live in one typed array and the table in another, so a lookup
 * is a hash and a probe or two in flat memory, where a `Map` of strings to objects follows
 * pointers to a bucket, an entry, a key string and its characters for every row. Adding an id
 * again replaces its value, as `Map.set` does. Text that is not a canonical UUID is kept in a
 * plain map beside.
 */
export class IdIndex {
  private readonly words: Uint32Array;
  private readonly values: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private count = 0;
  private readonly other = new Map<string, number>();
  private readonly scratch = new Uint32Array(4);

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size);
    this.words = new Uint32Array(Math.max(1, capacity) * 4);
    this.values = new Int32Array(Math.max(1, capacity));
  }

  set(id: string, value: number): void {
    const w = this.scratch;
    if (!parseUuid(id, w)) {
      this.other.set(id, value);
      return;
    }
    this.put(w, value);
  }

  /** `set` for the uuid held as 16 bytes at `at` (what its canonical text spells). */
  setBytes(bytes: Buffer, at: number, value: number): void {
    const w = this.scratch;
    w[0] = bytes.readUInt32BE(at);
    w[1] = bytes.readUInt32BE(at + 4);
    w[2] = bytes.readUInt32BE(at + 8);
    w[3] = bytes.readUInt32BE(at + 12);
    this.put(w, value);
  }

  private put(w: Uint32Array, value: number): void {
    for (let slot = mix(w) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot]! - 1;
      if (at < 0) {
        if (this.count === this.values.length) throw new Error("IdIndex: more ids than its capacity");
        const n = this.count++;
        this.words.set(w, n * 4);
        this.values[n] = value;
        this.slots[slot] = n + 1;
        return;
      }
      if (this.same(at, w)) {
        this.values[at] = value;
        return;
      }
    }
  }

  /** The value of `id`, or -1. */
  get(id: string): number {
    const w = this.scratch;
    if (!parseUuid(id, w)) return this.other.get(id) ?? -1;
    for (let slot = mix(w) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot]! - 1;
      if (at < 0) return -1;
      if (this.same(at, w)) return this.values[at]!;
    }
  }

  private same(at: number, w: Uint32Array): boolean {
    const o = at * 4;
    const words = this.words;
    return words[o] === w[0] && words[o + 1] === w[1] && words[o + 2] === w[2] && words[o + 3] === w[3];
  }
}

/** The lower-case hex digit's value, or -1 (upper case is other text, as it is to a `Map`). */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  return code >= 97 && code <= 102 ? code - 87 : -1;
}

/** `8-4-4-4-12` lower-case hex text into four 32-bit words; false when it is not that. */
function parseUuid(id: string, out: Uint32Array): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  let index = 0;
  for (let i = 0; i < 36; i++) {
    const code = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 45) return false;
      continue;
    }
    const v = hexValue(code);
    if (v < 0) return false;
    word = ((word << 4) | v) >>> 0;
    if (++digits === 8) {
      out[index++] = word;
      word = 0;
      digits = 0;
    }
  }
  return true;
}

function mix(w: Uint32Array): number {
  let h = Math.imul(w[0]! ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ w[1]! ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ w[2]! ^ (h >>> 13), 0x85ebca6b);
  h = Math.imul(h ^ w[3]! ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}
