/**
 * Technology lexicon shared by the converter (to derive file patterns and
 * keywords from declared languages/frameworks and prose) and the router (to
 * expand synonyms and map file extensions to technologies). One entry per
 * technology; extend here, never in a private copy.
 */
export interface TechTerm {
  /** Canonical lowercase name, e.g. `terraform`. */
  id: string;
  /** Other spellings and abbreviations that mean the same (`tf`, `hcl`). Lowercase. */
  aliases: readonly string[];
  /** File globs that indicate this technology. */
  globs: readonly string[];
  /** Kind, for classification. */
  kind: 'language' | 'framework' | 'tool' | 'platform' | 'datastore';
}

export const TECH_LEXICON: readonly TechTerm[] = [
  { id: 'typescript', aliases: ['ts'], globs: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], kind: 'language' },
  { id: 'javascript', aliases: ['js', 'node.js', 'nodejs', 'ecmascript'], globs: ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'], kind: 'language' },
  { id: 'python', aliases: ['py'], globs: ['**/*.py', '**/pyproject.toml', '**/requirements*.txt'], kind: 'language' },
  { id: 'go', aliases: ['golang'], globs: ['**/*.go', '**/go.mod'], kind: 'language' },
  { id: 'rust', aliases: ['cargo'], globs: ['**/*.rs', '**/Cargo.toml'], kind: 'language' },
  { id: 'java', aliases: ['jvm'], globs: ['**/*.java', '**/pom.xml'], kind: 'language' },
  { id: 'kotlin', aliases: ['kt'], globs: ['**/*.kt', '**/*.kts'], kind: 'language' },
  { id: 'terraform', aliases: ['tf', 'hcl'], globs: ['**/*.tf', '**/*.tfvars'], kind: 'tool' },
  { id: 'react', aliases: ['reactjs', 'react.js'], globs: ['**/*.{jsx,tsx}'], kind: 'framework' },
  { id: 'kubernetes', aliases: ['k8s', 'kubectl', 'helm'], globs: ['**/k8s/**/*.{yaml,yml}', '**/charts/**', '**/*.helm.yaml'], kind: 'platform' },
  { id: 'docker', aliases: ['dockerfile', 'container', 'containers'], globs: ['**/Dockerfile', '**/*.dockerfile', '**/docker-compose*.{yml,yaml}'], kind: 'tool' },
  { id: 'postgres', aliases: ['postgresql', 'pg', 'psql'], globs: ['**/*.sql'], kind: 'datastore' },
];
