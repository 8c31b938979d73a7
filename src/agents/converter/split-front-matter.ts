/**
 * Splits a Claude Code agent file into its YAML front-matter and Markdown body.
 * Tolerates a UTF-8 BOM, CRLF line endings, blank lines before the opening
 * delimiter, longer delimiters (`----`), `---` later in the body and a missing
 * final newline.
 */
export type FrontMatterSplit =
  | { kind: 'none' }
  | { kind: 'unclosed'; openLine: number }
  | {
      kind: 'found';
      /** Front-matter text (LF line endings), without delimiters. */
      yaml: string;
      /** 1-based line of the first front-matter line in the original file. */
      yamlStartLine: number;
      /** Body (LF line endings), without the closing delimiter line. */
      body: string;
    };

const DELIMITER = /^-{3,}[ \t]*$/;

/** Normalises a file's text: drops a BOM, turns CRLF/CR into LF. */
export function normalizeText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}

export function splitFrontMatter(rawText: string): FrontMatterSplit {
  const text = normalizeText(rawText);
  // Walks line by line (start/end offsets) instead of splitting the whole file: bodies can be long.
  let start = 0;
  let lineNumber = 0;
  const nextLine = (): string | undefined => {
    if (start > text.length) return undefined;
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    start = end === -1 ? text.length + 1 : end + 1;
    lineNumber += 1;
    return line;
  };
  let line = nextLine();
  while (line !== undefined && line.trim() === '') line = nextLine();
  if (line === undefined || !DELIMITER.test(line)) return { kind: 'none' };
  const openLine = lineNumber;
  const yamlStart = start;
  let lineStart = start;
  for (line = nextLine(); line !== undefined; line = nextLine()) {
    if (DELIMITER.test(line)) {
      return {
        kind: 'found',
        yaml: lineStart > yamlStart ? text.slice(yamlStart, lineStart - 1) : '',
        yamlStartLine: openLine + 1,
        body: start > text.length ? '' : text.slice(start),
      };
    }
    lineStart = start;
  }
  return { kind: 'unclosed', openLine };
}
