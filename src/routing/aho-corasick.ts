import { isWordCharAt, isWordCharBefore } from './text-normalize.js';

/**
 * One Aho–Corasick automaton over UTF-16 code units: every pattern is found
 * in a single left-to-right pass, whatever the number of patterns. Patterns
 * flagged `wholeWord` only report matches whose neighbours are not Unicode
 * letters/digits (so `rest` does not fire inside `interest`). Callers fold
 * patterns and text the same way beforehand (see text-normalize.ts).
 *
 * After construction the trie is compacted into typed arrays (CSR layout):
 * per node a sorted run of edge labels and targets, searched by bisection.
 */
export interface AhoPattern {
  text: string;
  wholeWord: boolean;
}

/**
 * CSR offsets: entry n is where node n's run starts (the sum of `counts[0..n)`),
 * entry `nodeCount` is the total.
 */
function runOffsets(counts: Int32Array, nodeCount: number): Int32Array {
  const offsets = new Int32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n += 1) offsets[n + 1] = (offsets[n] as number) + (counts[n] as number);
  return offsets;
}

/** A built automaton's arrays (see {@link AhoCorasick.data}): a router snapshot stores them instead of the patterns. */
export interface AhoCorasickData {
  edgeStart: Int32Array;
  edgeLabel: Uint16Array;
  edgeTarget: Int32Array;
  fail: Int32Array;
  outputHead: Int32Array;
  dictLink: Int32Array;
  outputList: Int32Array;
  outputStart: Int32Array;
  patternLength: Int32Array;
  patternWhole: Uint8Array;
  rootAscii: Int32Array;
}

export class AhoCorasick {
  private readonly edgeStart: Int32Array;
  private readonly edgeLabel: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  /** Pattern ids ending exactly at the node (index into outputList), -1 when none. */
  private readonly outputHead: Int32Array;
  /** Nearest proper suffix node that has outputs, -1 when none. */
  private readonly dictLink: Int32Array;
  private readonly outputList: Int32Array;
  private readonly outputStart: Int32Array;
  private readonly patternLength: Int32Array;
  private readonly patternWhole: Uint8Array;
  /** Root edges by ASCII code (-1 when none): most steps of a scan start at the root. */
  private readonly rootAscii: Int32Array;
  readonly patternCount: number;

  /** Builds the automaton of `patterns`, or takes over the arrays of one built before (`{ data }`). */
  constructor(source: readonly AhoPattern[] | { data: AhoCorasickData }) {
    if (!Array.isArray(source)) {
      // Each field stored once, in declaration order, as the build below does: both kinds of automaton share one
      // object shape (a field stored twice, or in another order, made scans through a loaded one ~1.5× slower).
      const { data } = source as { data: AhoCorasickData };
      this.edgeStart = data.edgeStart;
      this.edgeLabel = data.edgeLabel;
      this.edgeTarget = data.edgeTarget;
      this.fail = data.fail;
      this.outputHead = data.outputHead;
      this.dictLink = data.dictLink;
      this.outputList = data.outputList;
      this.outputStart = data.outputStart;
      this.patternLength = data.patternLength;
      this.patternWhole = data.patternWhole;
      this.rootAscii = data.rootAscii;
      this.patternCount = data.patternLength.length;
      return;
    }
    const patterns = source as readonly AhoPattern[];
    this.rootAscii = new Int32Array(128).fill(-1);
    this.patternCount = patterns.length;
    this.patternLength = new Int32Array(patterns.length);
    this.patternWhole = new Uint8Array(patterns.length);
    // Insert patterns in sorted order: along a shared prefix the child to follow is always a node's
    // latest child, so the trie is built with flat arrays (no per-node maps) and children come out sorted.
    const order = patterns.map((_, id) => id).sort((a, b) => {
      const x = (patterns[a] as AhoPattern).text;
      const y = (patterns[b] as AhoPattern).text;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    let capacity = 1;
    for (const pattern of patterns) capacity += pattern.text.length;
    const label = new Uint16Array(capacity);
    const firstChild = new Int32Array(capacity).fill(-1);
    const nextSibling = new Int32Array(capacity).fill(-1);
    const lastChild = new Int32Array(capacity).fill(-1);
    const childCount = new Int32Array(capacity);
    const endNode = new Int32Array(patterns.length).fill(-1);
    let nodeCount = 1;
    for (const id of order) {
      const pattern = patterns[id] as AhoPattern;
      this.patternLength[id] = pattern.text.length;
      this.patternWhole[id] = pattern.wholeWord ? 1 : 0;
      if (pattern.text.length === 0) continue;
      let node = 0;
      for (let i = 0; i < pattern.text.length; i += 1) {
        const c = pattern.text.charCodeAt(i);
        const last = lastChild[node] as number;
        if (last >= 0 && label[last] === c) {
          node = last;
          continue;
        }
        const created = nodeCount++;
        label[created] = c;
        if (last >= 0) nextSibling[last] = created;
        else firstChild[node] = created;
        lastChild[node] = created;
        childCount[node] = (childCount[node] as number) + 1;
        node = created;
      }
      endNode[id] = node;
    }

    this.edgeStart = runOffsets(childCount, nodeCount);
    const edgeCount = this.edgeStart[nodeCount] as number;
    this.edgeLabel = new Uint16Array(edgeCount);
    this.edgeTarget = new Int32Array(edgeCount);
    for (let n = 0; n < nodeCount; n += 1) {
      let at = this.edgeStart[n] as number;
      for (let child = firstChild[n] as number; child >= 0; child = nextSibling[child] as number) {
        this.edgeLabel[at] = label[child] as number;
        this.edgeTarget[at] = child;
        at += 1;
      }
    }

    const outCounts = new Int32Array(nodeCount);
    for (let id = 0; id < patterns.length; id += 1) if ((endNode[id] as number) >= 0) outCounts[endNode[id] as number] = (outCounts[endNode[id] as number] as number) + 1;
    this.outputStart = runOffsets(outCounts, nodeCount);
    this.outputList = new Int32Array(this.outputStart[nodeCount] as number);
    this.outputHead = new Int32Array(nodeCount).fill(-1);
    const fill = new Int32Array(nodeCount);
    for (let id = 0; id < patterns.length; id += 1) {
      const n = endNode[id] as number;
      if (n < 0) continue;
      this.outputList[(this.outputStart[n] as number) + (fill[n] as number)] = id;
      fill[n] = (fill[n] as number) + 1;
      this.outputHead[n] = n;
    }

    for (let e = this.edgeStart[0] as number; e < (this.edgeStart[1] as number); e += 1) {
      const c = this.edgeLabel[e] as number;
      if (c < 128) this.rootAscii[c] = this.edgeTarget[e] as number;
    }

    // Breadth-first failure links.
    this.fail = new Int32Array(nodeCount);
    this.dictLink = new Int32Array(nodeCount).fill(-1);
    const queue = new Int32Array(nodeCount);
    let head = 0;
    let tail = 0;
    for (let e = this.edgeStart[0] as number; e < (this.edgeStart[1] as number); e += 1) {
      const child = this.edgeTarget[e] as number;
      this.fail[child] = 0;
      queue[tail++] = child;
    }
    while (head < tail) {
      const node = queue[head++] as number;
      for (let e = this.edgeStart[node] as number; e < (this.edgeStart[node + 1] as number); e += 1) {
        const label = this.edgeLabel[e] as number;
        const child = this.edgeTarget[e] as number;
        let f = this.fail[node] as number;
        let target = this.step(f, label);
        while (target < 0 && f !== 0) {
          f = this.fail[f] as number;
          target = this.step(f, label);
        }
        const failTarget = target < 0 ? 0 : target;
        this.fail[child] = failTarget;
        this.dictLink[child] = (this.outputHead[failTarget] as number) >= 0 ? failTarget : (this.dictLink[failTarget] as number);
        queue[tail++] = child;
      }
    }
  }

  /** The automaton whose arrays these are (see {@link data}): nothing is built. */
  static fromData(data: AhoCorasickData): AhoCorasick {
    return new AhoCorasick({ data });
  }

  /** The automaton's arrays (shared, not copied): `AhoCorasick.fromData(data)` is the same automaton. */
  get data(): AhoCorasickData {
    const { edgeStart, edgeLabel, edgeTarget, fail, outputHead, dictLink, outputList, outputStart, patternLength, patternWhole, rootAscii } = this;
    return { edgeStart, edgeLabel, edgeTarget, fail, outputHead, dictLink, outputList, outputStart, patternLength, patternWhole, rootAscii };
  }

  /** Edge from `node` labelled `label`, or -1. */
  private step(node: number, label: number): number {
    if (node === 0 && label < 128) return this.rootAscii[label] as number;
    let lo = this.edgeStart[node] as number;
    let hi = (this.edgeStart[node + 1] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const value = this.edgeLabel[mid] as number;
      if (value === label) return this.edgeTarget[mid] as number;
      if (value < label) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * Calls `onMatch(patternId, start, end)` for every occurrence (respecting
   * whole-word flags), in text order. Linear in text length plus matches.
   */
  scan(text: string, onMatch: (patternId: number, start: number, end: number) => void): void {
    let node = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      let next = this.step(node, c);
      while (next < 0 && node !== 0) {
        node = this.fail[node] as number;
        next = this.step(node, c);
      }
      node = next < 0 ? 0 : next;
      let out = (this.outputHead[node] as number) >= 0 ? node : (this.dictLink[node] as number);
      while (out >= 0) {
        for (let k = this.outputStart[out] as number; k < (this.outputStart[out + 1] as number); k += 1) {
          const id = this.outputList[k] as number;
          const end = i + 1;
          const start = end - (this.patternLength[id] as number);
          if (this.patternWhole[id] === 1 && (isWordCharBefore(text, start) || isWordCharAt(text, end))) continue;
          onMatch(id, start, end);
        }
        out = this.dictLink[out] as number;
      }
    }
  }

  /** Set of pattern ids that occur at least once. */
  matchedIds(text: string): Set<number> {
    const found = new Set<number>();
    this.scan(text, (id) => found.add(id));
    return found;
  }
}
