import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A few small Claude Code agents (front-matter + body) in `dir`, plus a README that is not an agent. */
export function writeClaudeAgents(dir: string): void {
  const agents: Record<string, string> = {
    'quality/code-reviewer.md': `---\nname: code-reviewer\ndescription: Reviews code for correctness, security and style. Use after writing code.\ntools: Read, Grep, Glob\nmodel: sonnet\n---\n# Code reviewer\nYou review diffs.\n`,
    'architecture/architect.md': `---\nname: architect\ndescription: Designs system architecture and module boundaries.\ntools: Read, Write\n---\n# Architect\nYou design systems.\n`,
    'devops/terraform-engineer.md': `---\nname: Terraform Engineer\ndescription: Writes terraform modules and CI pipelines.\n---\n# Terraform\nInfrastructure as code.\n`,
    'README.md': '# My agents\nJust docs.\n',
  };
  for (const [file, text] of Object.entries(agents)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}
