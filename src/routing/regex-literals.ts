/**
 * Required-literal extraction for the regex prefilter (the idea behind RE2's
 * FilteredRE2): for a pattern, find literal strings one of which must occur
 * in any text the pattern matches. The router matches all such literals in
 * one Aho–Corasick pass and runs only the regexes whose literals occurred.
 *
 * Conservative by construction: returns `null` ("no usable literal; always
 * run this regex") whenever it is unsure. Literals are lowercase ASCII so a
 * case-insensitive regex can be prefiltered on the lowercased text.
 */

const MIN_LITERAL_LENGTH = 3;
const SIMPLE_ESCAPES = new Set([...'.\\/-^$*+?()[]{}|#&~ !"\',:;<=>@`%_']);

/**
 * One literal per top-level alternative (any one of them must occur), or
 * `null` when some alternative has no literal of at least 3 characters.
 */
export function requiredLiterals(pattern: string): string[] | null {
  const branches = splitTopLevel(pattern);
  if (!branches) return null;
  const literals: string[] = [];
  for (const branch of branches) {
    const best = longestRequiredRun(branch);
    if (!best || best.length < MIN_LITERAL_LENGTH) return null;
    literals.push(best);
  }
  return [...new Set(literals)].sort();
}

/** Splits on `|` at nesting depth 0; null on malformed nesting. */
function splitTopLevel(pattern: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === '|' && depth === 0) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  if (depth !== 0 || inClass) return null;
  parts.push(pattern.slice(start));
  return parts;
}

/**
 * Walks one alternative (no top-level `|`) and returns its longest run of
 * literal characters that every match must contain. Groups, classes and
 * escapes other than plain punctuation end a run; a quantifier that allows
 * zero repetitions removes the quantified character from the run.
 */
function longestRequiredRun(branch: string): string | null {
  let best = '';
  let run = '';
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let i = 0;
  while (i < branch.length) {
    const ch = branch[i] as string;
    let atom: string | null = null;
    let atomLength = 1;
    if (ch === '\\') {
      const next = branch[i + 1];
      if (next !== undefined && SIMPLE_ESCAPES.has(next)) atom = next;
      atomLength = 2;
      if (next === 'Q') return null; // \Q...\E quoting: give up rather than mis-parse
      if (next === 'p' || next === 'P' || next === 'x') return null;
    } else if (ch === '[') {
      const close = findClassEnd(branch, i);
      if (close < 0) return null;
      atomLength = close - i + 1;
    } else if (ch === '(') {
      const close = findGroupEnd(branch, i);
      if (close < 0) return null;
      if (branch.startsWith('(?', i) && /^\(\?[a-zA-Z-]*\)/.test(branch.slice(i))) {
        // inline flags such as (?i) or (?s): no literal consequence unless they change case rules
        if (/^\(\?[a-zA-Z]*-/.test(branch.slice(i))) return null;
      }
      atomLength = close - i + 1;
    } else if ('.^$'.includes(ch)) {
      atom = null;
    } else if ('*+?{'.includes(ch)) {
      // stray quantifier (already handled below); treat as a break
      atom = null;
    } else {
      atom = ch;
    }
    i += atomLength;
    // Quantifier following the atom?
    const q = branch[i];
    let optional = false;
    let repeated = false;
    if (q === '*' || q === '?') {
      optional = true;
      i += 1;
    } else if (q === '+') {
      repeated = true;
      i += 1;
    } else if (q === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(branch.slice(i));
      if (m) {
        const min = m[1] === '' ? 0 : Number(m[1]);
        optional = min === 0;
        repeated = true;
        i += m[0].length;
      }
    }
    if (i < branch.length && (branch[i] === '?' || branch[i] === '+') && (optional || repeated)) i += 1; // lazy/possessive suffix
    if (atom === null || optional) {
      flush();
      continue;
    }
    const code = atom.charCodeAt(0);
    if (code > 127) {
      flush();
      continue;
    }
    run += atom.toLowerCase();
    if (repeated) flush();
  }
  flush();
  return best.length > 0 ? best : null;
}

function findClassEnd(text: string, open: number): number {
  let i = open + 1;
  if (text[i] === '^') i += 1;
  if (text[i] === ']') i += 1;
  for (; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === ']') return i;
  }
  return -1;
}

function findGroupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\\') i += 1;
    else if (ch === '[') {
      const close = findClassEnd(text, i);
      if (close < 0) return -1;
      i = close;
    } else if (ch === '(') depth += 1;
    else if (ch === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
