import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test-support/cli-harness.js';
import { convertIn, copyFixtures, readAgent, writeAgent } from './converter-test-support.js';

let temp: { dir: string; cleanup: () => void };
beforeEach(() => {
  temp = makeTempDir('codex-flow-convert-');
});
afterEach(() => temp.cleanup());

describe('convertAgents: tools', () => {
  it('reads tools as a comma string, a YAML list, [] or absent (absent = every tool)', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    expect(readAgent(temp.dir, report, 'comma-tools').capabilities.detail.tools.allowed).toEqual(['Bash(git diff:*)', 'FancyTool', 'Grep', 'Read', 'mcp__github__get_issue']);
    expect(readAgent(temp.dir, report, 'list-tools').capabilities.detail.tools.allowed).toEqual(['Read', 'Write', 'mcp__postgres__query']);
    expect(readAgent(temp.dir, report, 'no-tools').capabilities.detail.tools.allowed).toEqual([]);
    expect(readAgent(temp.dir, report, 'all-tools').capabilities.detail.tools.allowed).toEqual(['*']);
  });

  it('keeps MCP tool names and flags unknown tool names', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const comma = report.converted.find((item) => item.id === 'comma-tools');
    expect(comma?.unknownTools).toEqual(['FancyTool']);
    expect(readAgent(temp.dir, report, 'comma-tools').source?.unknown_tools).toEqual(['FancyTool']);
    expect(report.converted.find((item) => item.id === 'list-tools')?.unknownTools).toEqual([]);
  });
});

describe('convertAgents: model, colour, unknown keys', () => {
  it('keeps model aliases and full ids as model_hint, and colours as written', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const comma = readAgent(temp.dir, report, 'comma-tools');
    expect(comma.agent.model_hint).toBe('sonnet');
    expect(comma.agent.color).toBe('#12AB9F');
    expect(readAgent(temp.dir, report, 'list-tools').agent.model_hint).toBe('claude-opus-4-1-20250805');
    expect(readAgent(temp.dir, report, 'all-tools').agent.model_hint).toBe('inherit');
  });

  it('keeps unknown front-matter keys under agent.extra and reports them', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    expect(report.converted.find((item) => item.id === 'unknown-keys')?.unknownKeys).toEqual(['custom', 'emoji', 'priority']);
    const agent = readAgent(temp.dir, report, 'unknown-keys');
    expect(agent.agent.extra).toEqual({ custom: { list: ['a', 'b'], nested: 1 }, emoji: '🧪', priority: 'high' });
    expect(agent.source?.unknown_keys).toEqual(['custom', 'emoji', 'priority']);
  });
});

describe('convertAgents: invalid YAML and delimiters', () => {
  it('reads invalid YAML leniently: unquoted key: value, literal \\n, <example> dialogues', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const converted = report.converted.find((item) => item.id === 'lenient-parser');
    expect(converted?.warnings.join(' ')).toMatch(/not valid YAML \(line 3: .*lenient/);
    const agent = readAgent(temp.dir, report, 'lenient-parser');
    expect(agent.agent.description).toBe('Use this agent when you need Kubernetes help. Note: it also reads Helm charts.');
    expect(agent.agent.model_hint).toBe('opus');
    expect(agent.triggers.examples).toEqual([
      {
        context: 'The user has a crashing pod.',
        user: 'My pod keeps restarting with CrashLoopBackOff',
        assistant: "I'll use the lenient-parser agent to inspect the pod events.",
        commentary: 'Pod debugging is a Kubernetes task.',
      },
    ]);
    expect(agent.triggers.keywords).toContain('kubernetes');
    expect(agent.triggers.file_patterns).toContain('**/charts/**');
  });

  it('extracts several inline <example> blocks from a one-line description', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const agent = readAgent(temp.dir, report, 'inline-examples');
    expect(agent.agent.description).toBe('Plans releases.');
    expect(agent.triggers.examples.map((example) => example.user)).toEqual(['Cut the 2.3 release', 'Ship a hotfix for the login bug']);
    const triggers = JSON.parse(readFileSync(path.join(report.outDir, 'triggers.json'), 'utf8')) as { examples: { agent: string; user: string }[] };
    expect(triggers.examples.filter((example) => example.agent === 'inline-examples')).toHaveLength(2);
  });

  it('handles longer delimiters, --- inside the body and a missing final newline', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const dashes = report.converted.find((item) => item.id === 'body-dashes');
    expect(dashes).toBeDefined();
    const brief = readFileSync(path.join(report.outDir, 'odd-shapes/yaml/body-dashes.md'), 'utf8');
    expect(brief).toContain('## Section after a rule\n\n---\nname: not-front-matter\n---\n');
    expect(report.converted.some((item) => item.id === 'not-front-matter')).toBe(false);
    const noNewline = readAgent(temp.dir, report, 'no-final-newline');
    expect(noNewline.agent.long_description).toBe('Last line without newline');
    expect(readFileSync(path.join(report.outDir, 'odd-shapes/yaml/no-final-newline.md'), 'utf8')).toBe('Last line without newline\n');
  });

  it('reads CRLF line endings and a UTF-8 BOM', async () => {
    writeAgent(temp.dir, 'crlf.md', '---\r\nname: crlf-agent\r\ndescription: Windows line endings.\r\ntools: Read, Grep\r\n---\r\n# Title\r\nBody line.\r\n');
    writeAgent(temp.dir, 'bom.md', '\uFEFF---\nname: bom-agent\ndescription: Starts with a byte order mark.\n---\nBody.\n');
    const report = await convertIn(temp.dir);
    expect(report.errors).toEqual([]);
    const crlf = readAgent(temp.dir, report, 'crlf-agent');
    expect(crlf.agent.description).toBe('Windows line endings.');
    expect(crlf.capabilities.detail.tools.allowed).toEqual(['Grep', 'Read']);
    expect(readFileSync(path.join(report.outDir, 'uncategorized/crlf-agent.md'), 'utf8')).toBe('# Title\nBody line.\n');
    expect(readAgent(temp.dir, report, 'bom-agent').agent.name).toBe('bom-agent');
  });

  it('lists files it cannot read with path, line and reason, and converts the rest', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    writeAgent(temp.dir, 'binary.md', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]));
    writeAgent(temp.dir, 'latin1.md', Buffer.from('---\nname: caf\xe9\ndescription: x\n---\n', 'latin1'));
    const report = await convertIn(temp.dir);
    const byFile = Object.fromEntries(report.errors.map((error) => [error.file.replace('src-agents/', ''), error]));
    expect(byFile['odd-shapes/yaml/unclosed.md']).toMatchObject({ line: 1, reason: expect.stringMatching(/never closed/) });
    expect(byFile['odd-shapes/yaml/not-a-mapping.md']).toMatchObject({ line: 2, reason: expect.stringMatching(/not a mapping/) });
    expect(byFile['binary.md']?.reason).toMatch(/NUL bytes/);
    expect(byFile['latin1.md']?.reason).toMatch(/UTF-8/);
    expect(report.converted.length).toBeGreaterThan(10);
  });
});

describe('convertAgents: names, ids, duplicates, non-agents', () => {
  it('slugifies names with spaces, slashes, dots and capitals; derives the id from the file name when nothing is left', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const ids = report.converted.map((item) => item.id);
    expect(ids).toContain('ui-ux-designer-v2-pro');
    expect(ids).toContain('emoji-only');
    const designer = readAgent(temp.dir, report, 'ui-ux-designer-v2-pro');
    expect(designer.agent.name).toBe('UI/UX Designer.v2 Pro');
  });

  it('keeps non-ASCII text and emoji as they are', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const agent = readAgent(temp.dir, report, 'emoji-only');
    expect(agent.agent.name).toBe('🚀✨');
    expect(agent.agent.description).toBe('Ünïcödé déscription with emoji 🚀 kept as is — 日本語も.');
    const yamlText = readFileSync(path.join(report.outDir, 'odd-shapes/names/emoji-only.codex.yaml'), 'utf8');
    expect(yamlText).toContain('🚀✨');
    expect(readFileSync(path.join(report.outDir, 'odd-shapes/names/emoji-only.md'), 'utf8')).toBe('Cuerpo en español: ¿qué tal? 🎉\n');
  });

  it('gives duplicate ids a stable -2, -3 suffix by sorted source path, and reports them', async () => {
    copyFixtures(temp.dir, 'dup-a', 'dup-b');
    const report = await convertIn(temp.dir);
    expect(report.duplicates).toEqual([
      {
        id: 'reviewer',
        files: ['src-agents/dup-a/reviewer.md', 'src-agents/dup-b/reviewer-copy.md', 'src-agents/dup-b/reviewer.md'],
        resolvedAs: ['reviewer', 'reviewer-2', 'reviewer-3'],
      },
    ]);
    expect(report.converted.find((item) => item.id === 'reviewer-3')).toMatchObject({ file: 'src-agents/dup-b/reviewer.md', renamedFrom: 'reviewer' });
    expect(readAgent(temp.dir, report, 'reviewer-3').agent.description).toBe('Reviews code in folder B.');
  });

  it('does not let a suffix collide with an existing id', async () => {
    writeAgent(temp.dir, 'a/agent.md', '---\nname: helper\ndescription: one\n---\n');
    writeAgent(temp.dir, 'b/agent.md', '---\nname: helper\ndescription: two\n---\n');
    writeAgent(temp.dir, 'c/agent.md', '---\nname: helper-2\ndescription: three\n---\n');
    const report = await convertIn(temp.dir);
    expect(report.converted.map((item) => [item.file, item.id])).toEqual([
      ['src-agents/a/agent.md', 'helper'],
      ['src-agents/b/agent.md', 'helper-3'],
      ['src-agents/c/agent.md', 'helper-2'],
    ]);
  });

  it('skips Markdown that is not an agent, with the reason', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const reasons = Object.fromEntries(report.skipped.map((item) => [item.file.replace('src-agents/', ''), item.reason]));
    expect(reasons['odd-shapes/docs/README.md']).toMatch(/documentation/);
    expect(reasons['odd-shapes/docs/notes.md']).toMatch(/no YAML front-matter/);
    expect(reasons['odd-shapes/docs/title-only.md']).toMatch(/neither name nor description/);
  });

  it('accounts for every input file', async () => {
    copyFixtures(temp.dir, 'odd-shapes', 'dup-a', 'dup-b', 'categories', 'plugins');
    const report = await convertIn(temp.dir);
    const inputs = readdirSync(path.join(temp.dir, 'src-agents'), { recursive: true }).filter((name) => String(name).endsWith('.md'));
    expect(inputs.length).toBe(22);
    expect(report.converted.length + report.skipped.length + report.errors.length).toBe(inputs.length);
  });
});

describe('convertAgents: classification and triggers', () => {
  it('takes domain/subdomain from folders, dropping noise segments and numeric prefixes', async () => {
    copyFixtures(temp.dir, 'categories', 'plugins', 'odd-shapes');
    writeAgent(temp.dir, 'top-level.md', '---\nname: top-level\ndescription: At the top.\n---\n');
    const report = await convertIn(temp.dir);
    const where = Object.fromEntries(report.converted.map((item) => [item.id, [item.domain, item.subdomain]]));
    expect(where['api-designer']).toEqual(['core-development', undefined]);
    expect(where['stripe-integrator']).toEqual(['payments', undefined]);
    expect(where['comma-tools']).toEqual(['odd-shapes', 'tools']);
    expect(where['top-level']).toEqual(['uncategorized', undefined]);
  });

  it('derives keywords, RE2 regexes and file patterns from name, description and technologies', async () => {
    copyFixtures(temp.dir, 'categories', 'plugins');
    writeAgent(temp.dir, 'infra/terraform-reviewer.md', '---\nname: terraform-reviewer\ndescription: Reviews Terraform modules and React dashboards for drift detection.\n---\n');
    const report = await convertIn(temp.dir);
    const terraform = readAgent(temp.dir, report, 'terraform-reviewer');
    expect(terraform.triggers.keywords).toEqual(expect.arrayContaining(['terraform', 'react', 'terraform review', 'drift detection']));
    expect(terraform.triggers.file_patterns).toEqual(expect.arrayContaining(['**/*.tf', '**/*.{jsx,tsx}']));
    expect(terraform.triggers.regex).toEqual([{ pattern: '(?i)\\bterraform[\\s_-]+review\\w*\\b', priority: 'medium' }]);
    expect(terraform.triggers.keywords).not.toContain('reviews');
    const stripe = readAgent(temp.dir, report, 'stripe-integrator');
    expect(stripe.capabilities.detail.frameworks).toContain('django');
    const api = readAgent(temp.dir, report, 'api-designer');
    expect(api.responsibilities.primary).toEqual(['Design resource models', 'Write OpenAPI specs']);
    expect(api.triggers.keywords).toEqual(expect.arrayContaining(['graphql', 'openapi']));
  });

  it('keeps the original triggers.json shape and adds delegations and examples', async () => {
    copyFixtures(temp.dir, 'odd-shapes');
    const report = await convertIn(temp.dir);
    const triggers = JSON.parse(readFileSync(path.join(report.outDir, 'triggers.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(triggers)).toEqual(['keywords', 'regex', 'file_patterns', 'delegations', 'examples']);
    expect((triggers.keywords as Record<string, string[]>).kubernetes).toEqual(['lenient-parser']);
    const regex = triggers.regex as { pattern: string; priority: unknown; agents: string[] }[];
    expect(regex.every((entry) => typeof entry.pattern === 'string' && Array.isArray(entry.agents))).toBe(true);
    const index = JSON.parse(readFileSync(path.join(report.outDir, 'index.json'), 'utf8')) as { agents: Record<string, unknown>[] };
    expect(Object.keys(index.agents[0] ?? {})).toEqual(['id', 'name', 'domain', 'subdomain', 'tier', 'description', 'keywords', 'autonomy_level', 'max_parallel_tasks']);
  });

  it('infers the tier from the role', async () => {
    writeAgent(temp.dir, 'a.md', '---\nname: swarm-coordinator\ndescription: x\n---\n');
    writeAgent(temp.dir, 'b.md', '---\nname: team-lead\ndescription: x\n---\n');
    writeAgent(temp.dir, 'c.md', '---\nname: template-generator\ndescription: x\n---\n');
    writeAgent(temp.dir, 'd.md', '---\nname: fullstack-developer\ndescription: x\n---\n');
    writeAgent(temp.dir, 'e.md', '---\nname: docker-expert\ndescription: Container orchestration and image builds.\n---\n');
    const report = await convertIn(temp.dir);
    const tiers = Object.fromEntries(report.converted.map((item) => [item.id, readAgent(temp.dir, report, item.id).agent.classification.tier]));
    expect(tiers).toEqual({ 'swarm-coordinator': 'coordinator', 'team-lead': 'lead', 'template-generator': 'utility', 'fullstack-developer': 'generalist', 'docker-expert': 'specialist' });
  });
});
