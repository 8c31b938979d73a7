import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../../src/agents/converter/split-front-matter.js';

describe('splitFrontMatter', () => {
  it('splits front-matter and body with 1-based lines', () => {
    expect(splitFrontMatter('---\nname: a\n---\n# Body\ntext\n')).toEqual({ kind: 'found', yaml: 'name: a', yamlStartLine: 2, body: '# Body\ntext\n' });
    expect(splitFrontMatter('\n  \n---\nname: a\ndescription: b\n----\nbody')).toEqual({ kind: 'found', yaml: 'name: a\ndescription: b', yamlStartLine: 4, body: 'body' });
  });

  it('handles BOM, CRLF, empty front-matter, a closing line at the end and --- inside the body', () => {
    expect(splitFrontMatter('\ufeff---\r\nname: a\r\n---\r\nbody\r\n---\r\nmore')).toEqual({ kind: 'found', yaml: 'name: a', yamlStartLine: 2, body: 'body\n---\nmore' });
    expect(splitFrontMatter('---\n---\nbody')).toEqual({ kind: 'found', yaml: '', yamlStartLine: 2, body: 'body' });
    expect(splitFrontMatter('---\nname: a\n---')).toEqual({ kind: 'found', yaml: 'name: a', yamlStartLine: 2, body: '' });
    expect(splitFrontMatter('---\nname: a\n---\n')).toEqual({ kind: 'found', yaml: 'name: a', yamlStartLine: 2, body: '' });
    expect(splitFrontMatter('---\n\nname: a\n\n--- \t\n\nbody')).toEqual({ kind: 'found', yaml: '\nname: a\n', yamlStartLine: 2, body: '\nbody' });
  });

  it('reports missing and unclosed front-matter', () => {
    expect(splitFrontMatter('')).toEqual({ kind: 'none' });
    expect(splitFrontMatter('\n\n')).toEqual({ kind: 'none' });
    expect(splitFrontMatter('# Title\n---\nx\n---\n')).toEqual({ kind: 'none' });
    expect(splitFrontMatter('--\nx\n--\n')).toEqual({ kind: 'none' });
    expect(splitFrontMatter('\n---\nname: a\nno end')).toEqual({ kind: 'unclosed', openLine: 2 });
    expect(splitFrontMatter('---')).toEqual({ kind: 'unclosed', openLine: 1 });
  });
});
