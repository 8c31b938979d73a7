import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { agentJsonSchema } from '../../agents/schema.js';
import type { CliIO } from '../cli-io.js';

export const SCHEMA_FILE = 'schema/codex-agent.schema.json';

export function register(program: Command, io: CliIO): void {
  program
    .command('schema')
    .description(`Print the agent JSON Schema (for editors), or write it to ${SCHEMA_FILE}.`)
    .option('--write', `write ${SCHEMA_FILE} in the project instead of printing`)
    .addHelpText(
      'after',
      `
Examples:
  codex-flow schema > codex-agent.schema.json
  codex-flow schema --write        # refresh ${SCHEMA_FILE}

Point your editor's YAML language server at it, e.g. a first line in an agent file:
  # yaml-language-server: $schema=../../schema/codex-agent.schema.json`,
    )
    .action((flags: { write?: boolean }) => {
      const text = `${JSON.stringify(agentJsonSchema(), null, 2)}\n`;
      if (!flags.write) {
        io.stdout(text);
        return;
      }
      const target = path.join(io.ctx.root, SCHEMA_FILE);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
      io.stdout(`wrote ${SCHEMA_FILE}\n`);
    });
}
