import { BACKTICK, DASH, HASH, isAsciiDigit, PLUS, STAR, TILDE } from './char-codes.js';

/** What the converter reads from an agent's Markdown body. */
export interface BodyOutline {
  /** `##`–`####` headings, in order, without markup. */
  headings: string[];
  /** H1 title, if any. */
  title?: string;
  /** First prose paragraph (no headings, lists, code), tidied. */
  firstParagraph?: string;
  /** List items under the first "responsibilities"/"capabilities"-like heading. */
  responsibilities: string[];
}

const RESPONSIBILITY_HEADING = /responsibilit|capabilit|focus areas|expertise|what (?:you|i) do|core duties|specialt/i;
const MAX_RESPONSIBILITIES = 10;
const MAX_ITEM_LENGTH = 160;

function stripInline(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function analyzeBody(body: string): BodyOutline {
  const headings: string[] = [];
  const responsibilities: string[] = [];
  let title: string | undefined;
  let firstParagraph: string | undefined;
  let paragraph: string[] = [];
  let inFence = false;
  let collecting = false;
  let collected = false;

  const closeParagraph = (): void => {
    if (!firstParagraph && paragraph.length > 0) {
      const text = stripInline(paragraph.join(' '));
      if (text.length > 0) firstParagraph = text;
    }
    paragraph = [];
  };

  for (const line of body.split('\n')) {
    // Cheap first-character checks gate the regexes (trimStart strips exactly what \s matches).
    const first = line.trimStart().charCodeAt(0);
    if ((first === BACKTICK || first === TILDE) && /^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      closeParagraph();
      continue;
    }
    if (inFence) continue;
    const heading = line.charCodeAt(0) === HASH ? /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (heading) {
      closeParagraph();
      const level = heading[1]?.length ?? 1;
      const text = stripInline(heading[2] ?? '').replace(/^[^\p{L}\p{N}]+/u, '').trim();
      if (level === 1 && title === undefined) title = text;
      else if (level >= 2 && level <= 4 && text) headings.push(text);
      if (collecting) collected = true;
      collecting = !collected && RESPONSIBILITY_HEADING.test(text);
      continue;
    }
    const item = first === DASH || first === STAR || first === PLUS || isAsciiDigit(first) ? /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line) : null;
    if (item) {
      closeParagraph();
      if (collecting && responsibilities.length < MAX_RESPONSIBILITIES) {
        const text = stripInline(item[1] ?? '');
        if (text) responsibilities.push(text.length > MAX_ITEM_LENGTH ? `${text.slice(0, MAX_ITEM_LENGTH - 1)}…` : text);
      }
      continue;
    }
    if (line.trim() === '' || /^\s*(>|\||<)/.test(line) || /^-{3,}\s*$/.test(line)) closeParagraph();
    else if (!firstParagraph) paragraph.push(line.trim());
  }
  closeParagraph();
  const outline: BodyOutline = { headings, responsibilities };
  if (title !== undefined) outline.title = title;
  if (firstParagraph !== undefined) outline.firstParagraph = firstParagraph;
  return outline;
}
