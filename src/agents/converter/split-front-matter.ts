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
  const lines = normalizeText(rawText).split('\n');
  let open = 0;
  while (open < lines.length && (lines[open] ?? '').trim() === '') open += 1;
  if (open >= lines.length || !DELIMITER.test(lines[open] ?? '')) return { kind: 'none' };
  for (let index = open + 1; index < lines.length; index += 1) {
    if (DELIMITER.test(lines[index] ?? '')) {
      return {
        kind: 'found',
        yaml: lines.slice(open + 1, index).join('\n'),
        yamlStartLine: open + 2,
        body: lines.slice(index + 1).join('\n'),
      };
    }
  }
  return { kind: 'unclosed', openLine: open + 1 };
}
