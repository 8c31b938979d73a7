/**
 * A small linear-time regex matcher for the common subset of RE2 syntax that
 * routing rules use (literals, `.`, classes, `\d \w \s \b \B ^ $`, groups,
 * alternation, `? * + {m,n}`), always case-insensitive as the regex stage
 * needs. Patterns are compiled to a Thompson NFA and run by a Pike VM: time
 * O(text × program), no backtracking, so `(a+)+$` on a long input costs the
 * same as any other pattern.
 *
 * Why not re2js for everything: re2js costs ~100 µs to compile a pattern and
 * ~100 µs more on its first match (lazy DFA set-up); a bundle of 1,000
 * regexes paid that at every start. This compiles in a few µs.
 *
 * `compileLinearRegex` returns null for anything outside the subset (or any
 * doubt about RE2's reading of it: flags groups, named groups, `\p{…}`, odd
 * class syntax, non-ASCII pattern characters, nested repetition, big counted
 * repeats): the regex stage then uses re2js, which is also what reports
 * invalid patterns. A differential test checks this matcher against re2js.
 */
export interface LinearRegex {
  readonly pattern: string;
  test(text: string): boolean;
}

/** Instruction set of the NFA program. */
const OP_CHAR = 0;
/** One character (x) or its case partner (y, -1 for none). */
const OP_LIT = 5;
const OP_SPLIT = 1;
const OP_JMP = 2;
const OP_ASSERT = 3;
const OP_MATCH = 4;

const AS_BEGIN = 0;
const AS_END = 1;
const AS_WORD = 2;
const AS_NOT_WORD = 3;

/** Compiled programs above this many instructions are left to re2js (RE2's own limit is similar in spirit). */
const MAX_PROGRAM = 2_000;
/** Counted repeats above this are left to re2js (RE2 rejects counts above 1,000). */
const MAX_COUNT = 100;

/** A set of code points: an ASCII table plus sorted non-ASCII ranges, optionally negated. */
class CharSet {
  readonly ascii = new Uint8Array(128);
  ranges: number[] = [];
  negated = false;

  addRange(lo: number, hi: number): void {
    for (let c = lo; c <= Math.min(hi, 127); c += 1) this.ascii[c] = 1;
    if (hi >= 128) this.ranges.push(Math.max(lo, 128), hi);
  }

  addSet(other: CharSet): void {
    if (other.negated) throw new Unsupported();
    for (let c = 0; c < 128; c += 1) if (other.ascii[c] === 1) this.ascii[c] = 1;
    this.ranges.push(...other.ranges);
  }

  /** RE2 (?i): add the simple case-fold partners of ASCII letters (k ↔ K ↔ U+212A KELVIN, s ↔ S ↔ U+017F LONG S). */
  foldCase(): void {
    for (let c = 65; c <= 90; c += 1) {
      if (this.ascii[c] === 1 || this.ascii[c + 32] === 1) {
        this.ascii[c] = 1;
        this.ascii[c + 32] = 1;
      }
    }
    for (const [lower, other] of [[107, 0x212a], [115, 0x17f]] as const) {
      if (this.ascii[lower] !== 1 && !this.has(other)) continue;
      this.addRange(other, other);
      this.addRange(lower - 32, lower - 32);
      this.addRange(lower, lower);
    }
  }

  private has(cp: number): boolean {
    for (let i = 0; i < this.ranges.length; i += 2) if (cp >= (this.ranges[i] as number) && cp <= (this.ranges[i + 1] as number)) return true;
    return false;
  }

  matches(cp: number): boolean {
    const inSet = cp < 128 ? this.ascii[cp] === 1 : this.has(cp);
    return inSet !== this.negated;
  }
}

type Node =
  | { kind: 'set'; set: CharSet }
  /** One character, matched with its case partner (`b` ↔ `B`; -1 when it has none). */
  | { kind: 'lit'; code: number; partner: number }
  | { kind: 'cat'; items: Node[] }
  | { kind: 'alt'; items: Node[] }
  | { kind: 'rep'; node: Node; min: number; max: number; counted: boolean }
  | { kind: 'assert'; which: number };

class Unsupported extends Error {}

/** `{n}`, `{n,}`, `{n,m}` at a given position (sticky). */
const COUNTED = /\{(\d+)(,(\d*))?\}/y;

/** RE2's \w and \b: ASCII word characters. */
function isWordCode(cp: number): boolean {
  return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
}

function perlClass(letter: string): CharSet | undefined {
  const set = new CharSet();
  switch (letter.toLowerCase()) {
    case 'd':
      set.addRange(48, 57);
      break;
    case 'w':
      set.addRange(48, 57);
      set.addRange(65, 90);
      set.addRange(97, 122);
      set.addRange(95, 95);
      break;
    case 's':
      // RE2's \s: [\t\n\f\r ] (no vertical tab).
      for (const c of [9, 10, 12, 13, 32]) set.addRange(c, c);
      break;
    default:
      return undefined;
  }
  // RE2 folds Perl classes under (?i) before negating them: \w gains U+017F and U+212A, \W loses them.
  set.foldCase();
  set.negated = letter !== letter.toLowerCase();
  return set;
}

/** Punctuation that may be escaped to mean itself (RE2 accepts `\` before any ASCII punctuation). */
const ESCAPABLE = new Set('\\.+*?()|[]{}^$-/#&~!"%\',:;<=>@`_'.split(''));

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i !== this.src.length) throw new Unsupported();
    return node;
  }

  private alternation(): Node {
    const items = [this.concatenation()];
    while (this.src[this.i] === '|') {
      this.i += 1;
      items.push(this.concatenation());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'alt', items };
  }

  private concatenation(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      items.push(this.repetition());
    }
    return { kind: 'cat', items };
  }

  private repetition(): Node {
    const atom = this.atom();
    const quantifier = this.quantifier();
    if (!quantifier) return atom;
    if (atom.kind === 'assert') throw new Unsupported(); // RE2 rejects repeated empty-width assertions in some forms: leave it to re2js.
    if (this.src[this.i] === '?') this.i += 1; // lazy: same language, same boolean answer
    if (this.quantifierAhead()) throw new Unsupported(); // `a**`, `a{2}{3}`: RE2 rejects nested repetition operators
    // RE2 bounds the product of nested counted repeats (`(a{40}){30}` is invalid there): leave any nesting to re2js.
    if (quantifier.counted && hasCountedRepeat(atom)) throw new Unsupported();
    return { kind: 'rep', node: atom, min: quantifier.min, max: quantifier.max, counted: quantifier.counted };
  }

  private quantifierAhead(): boolean {
    const c = this.src[this.i];
    if (c === '*' || c === '+' || c === '?') return true;
    if (c !== '{') return false;
    COUNTED.lastIndex = this.i;
    return COUNTED.test(this.src);
  }

  private quantifier(): { min: number; max: number; counted: boolean } | undefined {
    const c = this.src[this.i];
    const simple = c === '*' ? { min: 0, max: -1, counted: false } : c === '+' ? { min: 1, max: -1, counted: false } : c === '?' ? { min: 0, max: 1, counted: false } : undefined;
    if (simple) {
      this.i += 1;
      return simple;
    }
    if (c === '{') {
      COUNTED.lastIndex = this.i;
      const m = COUNTED.exec(this.src);
      if (!m) throw new Unsupported(); // a literal `{` in RE2: rare, leave it to re2js
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
      if (min > MAX_COUNT || max > MAX_COUNT || (max >= 0 && max < min)) throw new Unsupported();
      this.i += m[0].length;
      return { min, max, counted: true };
    }
    return undefined;
  }

  private atom(): Node {
    const c = this.src[this.i] as string;
    const code = c.charCodeAt(0);
    if (code > 126 || code < 32) throw new Unsupported();
    this.i += 1;
    switch (c) {
      case '(': {
        if (this.src[this.i] === '?') {
          if (this.src[this.i + 1] !== ':') throw new Unsupported(); // flags, named groups, lookaround
          this.i += 2;
        }
        const inner = this.alternation();
        if (this.src[this.i] !== ')') throw new Unsupported();
        this.i += 1;
        return inner;
      }
      case '.': {
        const set = new CharSet();
        set.addRange(10, 10);
        set.negated = true;
        return { kind: 'set', set };
      }
      case '^':
        return { kind: 'assert', which: AS_BEGIN };
      case '$':
        return { kind: 'assert', which: AS_END };
      case '[':
        return { kind: 'set', set: this.charClass() };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
      case ']':
      case '}':
        throw new Unsupported();
      default:
        return literal(code);
    }
  }

  private escape(): Node {
    const e = this.src[this.i];
    if (e === undefined) throw new Unsupported();
    this.i += 1;
    if (e === 'b') return { kind: 'assert', which: AS_WORD };
    if (e === 'B') return { kind: 'assert', which: AS_NOT_WORD };
    const perl = perlClass(e);
    if (perl) return { kind: 'set', set: perl };
    if (e === 'n') return literal(10);
    if (e === 't') return literal(9);
    if (e === 'r') return literal(13);
    if (e === 'f') return literal(12);
    if (ESCAPABLE.has(e)) return literal(e.charCodeAt(0));
    throw new Unsupported();
  }

  private charClass(): CharSet {
    const set = new CharSet();
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i += 1;
    }
    if (this.src[this.i] === ']') throw new Unsupported(); // `[]a]`: leave to re2js
    let first = true;
    while (this.src[this.i] !== ']') {
      if (this.i >= this.src.length) throw new Unsupported();
      const lo = this.classAtom(first);
      first = false;
      if (lo instanceof CharSet) {
        set.addSet(lo);
        continue;
      }
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i += 1;
        const hi = this.classAtom(false);
        if (hi instanceof CharSet || hi < lo) throw new Unsupported();
        set.addRange(lo, hi);
      } else {
        set.addRange(lo, lo);
      }
    }
    this.i += 1;
    set.foldCase();
    set.negated = negated;
    return set;
  }

  private classAtom(first: boolean): number | CharSet {
    const c = this.src[this.i] as string;
    const code = c.charCodeAt(0);
    if (code > 126 || code < 32) throw new Unsupported();
    this.i += 1;
    if (c === '[') throw new Unsupported(); // `[[:alpha:]]` and friends
    if (c === '-' && !first && this.src[this.i] !== ']') throw new Unsupported(); // `[a-b-c]` readings differ: leave to re2js
    if (c !== '\\') return code;
    const e = this.src[this.i];
    if (e === undefined) throw new Unsupported();
    this.i += 1;
    const perl = perlClass(e);
    if (perl) {
      if (perl.negated) throw new Unsupported();
      return perl;
    }
    if (e === 'n') return 10;
    if (e === 't') return 9;
    if (e === 'r') return 13;
    if (e === 'f') return 12;
    if (ESCAPABLE.has(e)) return e.charCodeAt(0);
    throw new Unsupported();
  }
}

function hasCountedRepeat(node: Node): boolean {
  if (node.kind === 'rep') return node.counted || hasCountedRepeat(node.node);
  if (node.kind === 'cat' || node.kind === 'alt') return node.items.some(hasCountedRepeat);
  return false;
}

function literal(code: number): Node {
  const lower = code | 0x20;
  // k and s also fold with non-ASCII characters (U+212A, U+017F): those keep the general set form.
  if (lower === 107 || lower === 115) {
    const set = new CharSet();
    set.addRange(code, code);
    set.foldCase();
    return { kind: 'set', set };
  }
  const letter = lower >= 97 && lower <= 122;
  return { kind: 'lit', code, partner: letter ? code ^ 0x20 : -1 };
}

/** Thompson construction into flat arrays. */
class Compiler {
  readonly op: number[] = [];
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly sets: CharSet[] = [];

  private emit(op: number, x = 0, y = 0): number {
    if (this.op.length >= MAX_PROGRAM) throw new Unsupported();
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    return this.op.length - 1;
  }

  compile(node: Node): void {
    switch (node.kind) {
      case 'set':
        this.sets.push(node.set);
        this.emit(OP_CHAR, this.sets.length - 1);
        return;
      case 'lit':
        this.emit(OP_LIT, node.code, node.partner);
        return;
      case 'assert':
        this.emit(OP_ASSERT, node.which);
        return;
      case 'cat':
        for (const item of node.items) this.compile(item);
        return;
      case 'alt': {
        // split L1, next; L1: a; jmp end; next: split ... ; last alternative plain.
        const jumps: number[] = [];
        node.items.forEach((item, k) => {
          if (k === node.items.length - 1) {
            this.compile(item);
            return;
          }
          const split = this.emit(OP_SPLIT);
          this.x[split] = this.op.length;
          this.compile(item);
          jumps.push(this.emit(OP_JMP));
          this.y[split] = this.op.length;
        });
        for (const j of jumps) this.x[j] = this.op.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < node.min; k += 1) this.compile(node.node);
        if (node.max === -1) {
          // L: split body, out; body; jmp L
          const split = this.emit(OP_SPLIT);
          this.x[split] = this.op.length;
          this.compile(node.node);
          this.emit(OP_JMP, split);
          this.y[split] = this.op.length;
          return;
        }
        const splits: number[] = [];
        for (let k = node.min; k < node.max; k += 1) {
          const split = this.emit(OP_SPLIT);
          this.x[split] = this.op.length;
          splits.push(split);
          this.compile(node.node);
        }
        for (const s of splits) this.y[s] = this.op.length;
        return;
      }
    }
  }
}

/**
 * Thread lists, membership stamps and the closure stack, shared by every
 * program (test() is synchronous and never re-entered), sized for the
 * largest program: compiling a pattern allocates no per-pattern buffers.
 */
const scratch = { current: new Int32Array(64), next: new Int32Array(64), stamp: new Int32Array(64), stack: new Int32Array(130), generation: 0 };

function reserveScratch(programLength: number): void {
  if (scratch.current.length >= programLength) return;
  const size = Math.max(programLength, scratch.current.length * 2);
  scratch.current = new Int32Array(size);
  scratch.next = new Int32Array(size);
  // Fresh stamps are 0: never equal to a generation in use (they start at 1).
  scratch.stamp = new Int32Array(size);
  scratch.stack = new Int32Array(size * 2 + 2);
}

class PikeRegex implements LinearRegex {
  private readonly op: Uint8Array;
  private readonly x: Int32Array;
  private readonly y: Int32Array;
  private readonly sets: CharSet[];
  /** Thread lists (dense) and their membership stamps, reused across calls. */
  /** Characters a match can start with (null: the pattern can match without consuming one, or starts with any character). */
  private readonly first: CharSet | null;

  constructor(
    readonly pattern: string,
    compiler: Compiler,
  ) {
    this.op = Uint8Array.from(compiler.op);
    this.x = Int32Array.from(compiler.x);
    this.y = Int32Array.from(compiler.y);
    this.sets = compiler.sets;
    const n = this.op.length;
    reserveScratch(n);
    this.first = this.firstSet();
  }

  /** Union of the sets of the CHAR instructions reachable from the start without consuming (assertions taken as passable). */
  private firstSet(): CharSet | null {
    const union = new CharSet();
    const seen = new Uint8Array(this.op.length);
    const stack = [0];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (seen[at] === 1) continue;
      seen[at] = 1;
      const op = this.op[at];
      if (op === OP_MATCH) return null;
      if (op === OP_JMP) stack.push(this.x[at] as number);
      else if (op === OP_SPLIT) stack.push(this.x[at] as number, this.y[at] as number);
      else if (op === OP_ASSERT) stack.push(at + 1);
      else if (op === OP_LIT) {
        for (const code of [this.x[at] as number, this.y[at] as number]) if (code >= 0) union.addRange(code, code);
      } else {
        const set = this.sets[this.x[at] as number] as CharSet;
        if (set.negated) return null;
        union.addSet(set);
      }
    }
    return union;
  }

  /**
   * Adds the ε-closure of `pc` at a position whose neighbours are `before`
   * and `after` (code points, -1 at the text's ends) to `list`; returns the
   * new list length, or -1 when MATCH is reached.
   */
  private add(list: Int32Array, length: number, pc: number, before: number, after: number): number {
    const { stack, stamp } = scratch;
    const generation = scratch.generation;
    let top = 0;
    stack[top++] = pc;
    while (top > 0) {
      const at = stack[--top] as number;
      if (stamp[at] === generation) continue;
      stamp[at] = generation;
      switch (this.op[at]) {
        case OP_CHAR:
        case OP_LIT:
          list[length++] = at;
          break;
        case OP_JMP:
          stack[top++] = this.x[at] as number;
          break;
        case OP_SPLIT:
          stack[top++] = this.y[at] as number;
          stack[top++] = this.x[at] as number;
          break;
        case OP_ASSERT: {
          const which = this.x[at] as number;
          let holds: boolean;
          if (which === AS_BEGIN) holds = before === -1;
          else if (which === AS_END) holds = after === -1;
          else {
            const boundary = isWordCode(before) !== isWordCode(after);
            holds = which === AS_WORD ? boundary : !boundary;
          }
          if (holds) stack[top++] = at + 1;
          break;
        }
        case OP_MATCH:
          return -1;
      }
    }
    return length;
  }

  test(text: string): boolean {
    // Two generations per character: reset the stamps long before the counter could overflow.
    if (scratch.generation > 0x3fffffff - 2 * text.length - 4) {
      scratch.stamp.fill(0);
      scratch.generation = 1;
    }
    let current = scratch.current;
    let next = scratch.next;
    const stamp = scratch.stamp;
    let count = 0;
    let before = -1;
    let i = 0;
    const n = text.length;
    let cp = n > 0 ? (text.codePointAt(0) as number) : -1;
    const first = this.first;
    for (;;) {
      // No live thread: skip to the next character that can start a match (ASCII table lookup).
      if (count === 0 && first !== null) {
        while (cp !== -1 && !first.matches(cp)) {
          before = cp;
          i += cp > 0xffff ? 2 : 1;
          cp = i < n ? (text.codePointAt(i) as number) : -1;
        }
        if (cp === -1) return false;
      }
      // A new thread starts at every position (unanchored search).
      const generation = ++scratch.generation;
      // Re-stamp the surviving threads of this step first so the start thread does not duplicate them.
      for (let k = 0; k < count; k += 1) stamp[current[k] as number] = generation;
      count = this.add(current, count, 0, before, cp);
      if (count < 0) return true;
      if (cp === -1) return false;
      const width = cp > 0xffff ? 2 : 1;
      const after = i + width < n ? (text.codePointAt(i + width) as number) : -1;
      scratch.generation += 1;
      let nextCount = 0;
      for (let k = 0; k < count; k += 1) {
        const pc = current[k] as number;
        const matches = this.op[pc] === OP_LIT ? cp === this.x[pc] || cp === this.y[pc] : (this.sets[this.x[pc] as number] as CharSet).matches(cp);
        if (matches) {
          nextCount = this.add(next, nextCount, pc + 1, cp, after);
          if (nextCount < 0) return true;
        }
      }
      const swap = current;
      current = next;
      next = swap;
      count = nextCount;
      before = cp;
      i += width;
      cp = after;
    }
  }

}

/**
 * Compiles `pattern` (case-insensitive, RE2 syntax) when it is inside the
 * supported subset; null otherwise (use re2js).
 */
export function compileLinearRegex(pattern: string): LinearRegex | null {
  if (pattern.length > 2_000) return null;
  try {
    const ast = new Parser(pattern).parse();
    const compiler = new Compiler();
    compiler.compile(ast);
    compiler.op.push(OP_MATCH);
    compiler.x.push(0);
    compiler.y.push(0);
    return new PikeRegex(pattern, compiler);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

