import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/agents/schema.js';
import { buildMessages, canonicalPrompt, renderTemplate } from '../../src/providers/build-messages.js';
import { configSchema } from '../../src/config/config-schema.js';

const agent = withDefaults({
  agent: { id: 'code-reviewer', name: 'Code Reviewer', description: 'Reviews diffs for bugs.', long_description: 'Be strict about tests.' },
  responsibilities: { primary: ['find bugs'] },
  prompts: { openai: { system: 'SYS {{agent.name}} / {{alias}}', user: 'Task for {{agent.id}}: {{task}}' } },
});

describe('buildMessages', () => {
  it('builds the canonical prompt from the agent and the task', () => {
    const messages = buildMessages(agent, 'check foo.ts');
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content).toContain('You are Code Reviewer.');
    expect(messages[0]?.content).toContain('Reviews diffs for bugs.');
    expect(messages[0]?.content).toContain('Be strict about tests.');
    expect(messages[0]?.content).toContain('- find bugs');
    expect(messages[1]).toEqual({ role: 'user', content: 'check foo.ts' });
  });

  it('uses the agent prompt profile for its provider', () => {
    const messages = buildMessages(agent, 'check foo.ts', { provider: 'openai', alias: 'reviewer' });
    expect(messages).toEqual([
      { role: 'system', content: 'SYS Code Reviewer / reviewer' },
      { role: 'user', content: 'Task for code-reviewer: check foo.ts' },
    ]);
  });

  it('falls back to the config profile, and to canonical halves it does not set', () => {
    const config = configSchema.parse({ providers: { anthropic: { prompt: { user: '<task>{{task}}</task>' } } } });
    const messages = buildMessages(agent, 'x {{task}} y', { provider: 'anthropic', providersConfig: config.providers });
    expect(messages[0]?.content).toBe(canonicalPrompt(agent, '').system);
    // values are not re-scanned for placeholders
    expect(messages[1]?.content).toBe('<task>x {{task}} y</task>');
  });

  it('rejects unknown placeholders with a clear error', () => {
    expect(() => renderTemplate('{{nope}}', { task: 't' })).toThrow(/Unknown placeholder \{\{nope\}\}.*\{\{task\}\}/);
  });

  it('works without an agent', () => {
    expect(buildMessages(undefined, 'hi').at(-1)).toEqual({ role: 'user', content: 'hi' });
  });
});
