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
  /**
   * Spellings (the id and/or aliases) that are also ordinary English words or
   * too short to trust in prose (`go`, `rest`, `swift`, `spring`). They count
   * only in names, ids and explicit lists, never when found in free text.
   */
  weak?: readonly string[];
}

export const TECH_LEXICON: readonly TechTerm[] = [
  // Languages
  { id: 'typescript', aliases: ['ts'], globs: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], kind: 'language', weak: ['ts'] },
  { id: 'javascript', aliases: ['js', 'ecmascript', 'es6'], globs: ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'], kind: 'language', weak: ['js'] },
  { id: 'python', aliases: ['py', 'python3'], globs: ['**/*.py', '**/pyproject.toml', '**/requirements*.txt'], kind: 'language', weak: ['py'] },
  { id: 'go', aliases: ['golang'], globs: ['**/*.go', '**/go.mod'], kind: 'language', weak: ['go'] },
  { id: 'rust', aliases: ['cargo', 'rustlang'], globs: ['**/*.rs', '**/Cargo.toml'], kind: 'language', weak: ['cargo'] },
  { id: 'java', aliases: ['jvm', 'jdk'], globs: ['**/*.java', '**/pom.xml', '**/build.gradle'], kind: 'language' },
  { id: 'kotlin', aliases: ['kt'], globs: ['**/*.kt', '**/*.kts'], kind: 'language', weak: ['kt'] },
  { id: 'scala', aliases: ['sbt'], globs: ['**/*.scala', '**/build.sbt'], kind: 'language' },
  { id: 'csharp', aliases: ['c#', 'c-sharp', 'csharp'], globs: ['**/*.cs', '**/*.csproj', '**/*.sln'], kind: 'language' },
  { id: 'fsharp', aliases: ['f#'], globs: ['**/*.fs', '**/*.fsproj'], kind: 'language' },
  { id: 'cpp', aliases: ['c++', 'cplusplus', 'cmake'], globs: ['**/*.cpp', '**/*.cc', '**/*.hpp', '**/*.h', '**/CMakeLists.txt'], kind: 'language' },
  { id: 'c', aliases: ['ansi c', 'c99', 'c11'], globs: ['**/*.c', '**/*.h', '**/Makefile'], kind: 'language', weak: ['c'] },
  { id: 'swift', aliases: ['swiftui', 'xcode'], globs: ['**/*.swift', '**/Package.swift'], kind: 'language', weak: ['swift'] },
  { id: 'objective-c', aliases: ['objc'], globs: ['**/*.m', '**/*.mm'], kind: 'language' },
  { id: 'dart', aliases: [], globs: ['**/*.dart', '**/pubspec.yaml'], kind: 'language', weak: ['dart'] },
  { id: 'php', aliases: ['composer'], globs: ['**/*.php', '**/composer.json'], kind: 'language', weak: ['composer'] },
  { id: 'ruby', aliases: ['rubygems', 'bundler'], globs: ['**/*.rb', '**/Gemfile', '**/*.gemspec'], kind: 'language', weak: ['bundler'] },
  { id: 'elixir', aliases: ['erlang', 'otp', 'beam'], globs: ['**/*.ex', '**/*.exs', '**/mix.exs', '**/*.erl'], kind: 'language', weak: ['beam', 'otp'] },
  { id: 'haskell', aliases: ['ghc', 'cabal'], globs: ['**/*.hs', '**/*.cabal'], kind: 'language' },
  { id: 'clojure', aliases: ['clojurescript'], globs: ['**/*.clj', '**/*.cljs', '**/deps.edn'], kind: 'language' },
  { id: 'lua', aliases: [], globs: ['**/*.lua'], kind: 'language' },
  { id: 'r', aliases: ['rlang', 'rstats', 'tidyverse'], globs: ['**/*.R', '**/*.r', '**/*.Rmd'], kind: 'language', weak: ['r'] },
  { id: 'julia', aliases: ['julialang'], globs: ['**/*.jl'], kind: 'language', weak: ['julia'] },
  { id: 'bash', aliases: ['shell', 'shell script', 'zsh', 'sh'], globs: ['**/*.sh', '**/*.bash', '**/*.zsh'], kind: 'language', weak: ['shell', 'sh', 'bash'] },
  { id: 'powershell', aliases: ['pwsh', 'ps1'], globs: ['**/*.ps1', '**/*.psm1', '**/*.psd1'], kind: 'language' },
  { id: 'sql', aliases: ['t-sql', 'tsql', 'pl/sql', 'plpgsql'], globs: ['**/*.sql'], kind: 'language' },
  { id: 'solidity', aliases: ['evm'], globs: ['**/*.sol'], kind: 'language' },
  { id: 'zig', aliases: [], globs: ['**/*.zig'], kind: 'language', weak: ['zig'] },
  { id: 'wasm', aliases: ['webassembly'], globs: ['**/*.wasm', '**/*.wat'], kind: 'language' },
  { id: 'html', aliases: ['html5'], globs: ['**/*.html', '**/*.htm'], kind: 'language' },
  { id: 'css', aliases: ['css3', 'scss', 'sass', 'less'], globs: ['**/*.css', '**/*.scss', '**/*.sass', '**/*.less'], kind: 'language', weak: ['less'] },
  { id: 'markdown', aliases: ['mdx'], globs: ['**/*.md', '**/*.mdx'], kind: 'language' },

  // Frontend and mobile frameworks
  { id: 'react', aliases: ['reactjs', 'react.js', 'jsx'], globs: ['**/*.{jsx,tsx}'], kind: 'framework', weak: ['react'] },
  { id: 'vue', aliases: ['vuejs', 'vue.js', 'nuxt', 'nuxt.js', 'pinia'], globs: ['**/*.vue', '**/nuxt.config.*'], kind: 'framework' },
  { id: 'angular', aliases: ['angularjs', 'rxjs', 'ngrx'], globs: ['**/*.component.ts', '**/*.module.ts', '**/angular.json'], kind: 'framework' },
  { id: 'svelte', aliases: ['sveltekit'], globs: ['**/*.svelte', '**/svelte.config.*'], kind: 'framework' },
  { id: 'next.js', aliases: ['nextjs', 'next js'], globs: ['**/next.config.*', '**/app/**/page.{tsx,jsx}', '**/pages/**/*.{tsx,jsx}'], kind: 'framework' },
  { id: 'remix', aliases: [], globs: ['**/remix.config.*'], kind: 'framework', weak: ['remix'] },
  { id: 'astro', aliases: [], globs: ['**/*.astro'], kind: 'framework' },
  { id: 'tailwind', aliases: ['tailwindcss', 'tailwind css'], globs: ['**/tailwind.config.*'], kind: 'framework' },
  { id: 'react-native', aliases: ['react native', 'expo'], globs: ['**/app.json', '**/*.{jsx,tsx}'], kind: 'framework' },
  { id: 'flutter', aliases: [], globs: ['**/*.dart', '**/pubspec.yaml'], kind: 'framework' },
  { id: 'electron', aliases: [], globs: ['**/electron*.{js,ts}', '**/main.{js,ts}'], kind: 'framework' },
  { id: 'android', aliases: ['jetpack compose'], globs: ['**/AndroidManifest.xml', '**/*.gradle'], kind: 'platform' },
  { id: 'ios', aliases: ['uikit', 'cocoapods'], globs: ['**/*.swift', '**/Podfile', '**/*.xcodeproj/**'], kind: 'platform' },
  { id: 'unity', aliases: ['unity3d'], globs: ['**/*.unity', '**/*.cs'], kind: 'framework', weak: ['unity'] },
  { id: 'webpack', aliases: ['vite', 'rollup', 'esbuild', 'turbopack'], globs: ['**/webpack.config.*', '**/vite.config.*', '**/rollup.config.*'], kind: 'tool' },
  { id: 'monorepo', aliases: ['monorepos', 'nx', 'turborepo', 'lerna', 'bazel', 'pnpm workspaces', 'yarn workspaces'], globs: ['**/nx.json', '**/turbo.json', '**/lerna.json', '**/pnpm-workspace.yaml', '**/BUILD.bazel', '**/WORKSPACE.bazel'], kind: 'tool', weak: ['nx'] },
  { id: 'minecraft', aliases: ['bukkit', 'spigot', 'papermc'], globs: ['**/plugin.yml', '**/paper-plugin.yml'], kind: 'platform' },

  // Backend frameworks
  { id: 'node', aliases: ['node.js', 'nodejs', 'npm', 'pnpm', 'yarn', 'deno', 'bun'], globs: ['**/package.json', '**/*.{js,mjs,cjs,ts}'], kind: 'platform', weak: ['node', 'bun', 'yarn'] },
  { id: 'express', aliases: ['express.js', 'expressjs', 'fastify', 'koa', 'hono'], globs: ['**/routes/**/*.{js,ts}', '**/server.{js,ts}'], kind: 'framework', weak: ['express'] },
  { id: 'nestjs', aliases: ['nest.js'], globs: ['**/*.controller.ts', '**/*.module.ts', '**/nest-cli.json'], kind: 'framework' },
  { id: 'django', aliases: ['drf', 'django rest framework'], globs: ['**/manage.py', '**/settings.py', '**/models.py', '**/views.py'], kind: 'framework' },
  { id: 'flask', aliases: [], globs: ['**/app.py', '**/*.py'], kind: 'framework' },
  { id: 'fastapi', aliases: ['pydantic', 'starlette'], globs: ['**/main.py', '**/*.py'], kind: 'framework' },
  { id: 'rails', aliases: ['ruby on rails', 'ror'], globs: ['**/Gemfile', '**/config/routes.rb', '**/app/**/*.rb'], kind: 'framework', weak: ['rails', 'ror'] },
  { id: 'spring', aliases: ['spring boot', 'springboot', 'spring framework'], globs: ['**/pom.xml', '**/build.gradle', '**/application.{yml,yaml,properties}'], kind: 'framework', weak: ['spring'] },
  { id: 'laravel', aliases: ['eloquent', 'artisan'], globs: ['**/artisan', '**/*.blade.php', '**/*.php'], kind: 'framework', weak: ['artisan'] },
  { id: 'symfony', aliases: [], globs: ['**/*.php', '**/symfony.lock'], kind: 'framework' },
  { id: 'dotnet', aliases: ['.net', '.net core', 'asp.net', 'asp.net core', 'blazor', 'entity framework'], globs: ['**/*.cs', '**/*.csproj', '**/*.sln', '**/appsettings*.json'], kind: 'framework' },
  { id: 'phoenix', aliases: ['liveview'], globs: ['**/*.ex', '**/*.heex'], kind: 'framework', weak: ['phoenix'] },
  { id: 'graphql', aliases: ['apollo', 'graphql schema'], globs: ['**/*.graphql', '**/*.gql', '**/*.resolver.{js,ts}'], kind: 'tool' },
  { id: 'grpc', aliases: ['protobuf', 'protocol buffers'], globs: ['**/*.proto'], kind: 'tool' },
  { id: 'openapi', aliases: ['swagger', 'openapi spec'], globs: ['**/openapi.{yaml,yml,json}', '**/swagger.{yaml,yml,json}'], kind: 'tool' },
  { id: 'websocket', aliases: ['websockets', 'socket.io'], globs: ['**/*socket*.{js,ts}'], kind: 'tool' },
  { id: 'prisma', aliases: [], globs: ['**/schema.prisma', '**/*.prisma'], kind: 'tool' },
  { id: 'orm', aliases: ['sqlalchemy', 'typeorm', 'sequelize', 'drizzle', 'hibernate'], globs: ['**/models/**', '**/entities/**', '**/migrations/**'], kind: 'tool', weak: ['orm'] },

  // Testing
  { id: 'jest', aliases: ['vitest', 'mocha'], globs: ['**/*.test.{js,ts,jsx,tsx}', '**/*.spec.{js,ts,jsx,tsx}'], kind: 'tool', weak: ['jest', 'mocha'] },
  { id: 'pytest', aliases: ['unittest'], globs: ['**/test_*.py', '**/*_test.py', '**/conftest.py'], kind: 'tool' },
  { id: 'playwright', aliases: ['cypress', 'selenium', 'puppeteer'], globs: ['**/e2e/**', '**/*.e2e.{js,ts}', '**/cypress/**'], kind: 'tool' },
  { id: 'junit', aliases: ['testng'], globs: ['**/src/test/**/*.java'], kind: 'tool' },

  // Infrastructure, CI/CD, cloud
  { id: 'terraform', aliases: ['tf', 'hcl', 'opentofu', 'terragrunt'], globs: ['**/*.tf', '**/*.tfvars'], kind: 'tool', weak: ['tf'] },
  { id: 'kubernetes', aliases: ['k8s', 'kubectl', 'helm', 'kustomize'], globs: ['**/k8s/**/*.{yaml,yml}', '**/charts/**', '**/*.helm.yaml', '**/kustomization.{yaml,yml}'], kind: 'platform' },
  { id: 'docker', aliases: ['dockerfile', 'docker compose', 'docker-compose', 'container', 'containers', 'podman'], globs: ['**/Dockerfile', '**/*.dockerfile', '**/docker-compose*.{yml,yaml}'], kind: 'tool', weak: ['container', 'containers'] },
  { id: 'ansible', aliases: ['ansible playbook', 'playbook'], globs: ['**/playbook*.{yml,yaml}', '**/roles/**/*.{yml,yaml}', '**/ansible.cfg'], kind: 'tool', weak: ['playbook'] },
  { id: 'pulumi', aliases: [], globs: ['**/Pulumi.yaml', '**/Pulumi.*.yaml'], kind: 'tool' },
  { id: 'cloudformation', aliases: ['aws cdk', 'cdk', 'sam'], globs: ['**/*.template.{json,yaml}', '**/cdk.json', '**/template.yaml'], kind: 'tool', weak: ['sam', 'cdk'] },
  { id: 'github-actions', aliases: ['github actions', 'gh actions', 'github workflow', 'github workflows'], globs: ['.github/workflows/*.{yml,yaml}'], kind: 'tool' },
  { id: 'gitlab-ci', aliases: ['gitlab ci', 'gitlab'], globs: ['**/.gitlab-ci.yml'], kind: 'tool' },
  { id: 'jenkins', aliases: ['jenkinsfile'], globs: ['**/Jenkinsfile'], kind: 'tool' },
  { id: 'ci/cd', aliases: ['cicd', 'ci-cd', 'continuous integration', 'continuous delivery', 'continuous deployment'], globs: ['.github/workflows/*.{yml,yaml}', '**/.gitlab-ci.yml', '**/Jenkinsfile', '**/.circleci/config.yml'], kind: 'tool' },
  { id: 'aws', aliases: ['amazon web services', 'lambda', 'ec2', 's3', 'dynamodb', 'ecs', 'eks'], globs: ['**/serverless.{yml,yaml}', '**/cdk.json', '**/template.yaml'], kind: 'platform', weak: ['lambda', 's3', 'ecs'] },
  { id: 'gcp', aliases: ['google cloud', 'google cloud platform', 'bigquery', 'cloud run', 'gke'], globs: ['**/app.yaml', '**/cloudbuild.yaml'], kind: 'platform' },
  { id: 'azure', aliases: ['microsoft azure', 'azure devops', 'bicep', 'arm template'], globs: ['**/*.bicep', '**/azure-pipelines.yml'], kind: 'platform' },
  { id: 'cloudflare', aliases: ['cloudflare workers', 'wrangler'], globs: ['**/wrangler.toml'], kind: 'platform' },
  { id: 'vercel', aliases: ['netlify'], globs: ['**/vercel.json', '**/netlify.toml'], kind: 'platform' },
  { id: 'nginx', aliases: ['haproxy', 'envoy'], globs: ['**/nginx.conf', '**/*.nginx', '**/conf.d/*.conf'], kind: 'tool' },
  { id: 'linux', aliases: ['systemd', 'unix'], globs: ['**/*.service', '**/*.sh'], kind: 'platform' },
  { id: 'prometheus', aliases: ['grafana', 'alertmanager', 'promql'], globs: ['**/prometheus*.{yml,yaml}', '**/alerts/**/*.{yml,yaml}', '**/dashboards/**/*.json'], kind: 'tool' },
  { id: 'opentelemetry', aliases: ['otel', 'jaeger', 'tracing'], globs: ['**/otel*.{yml,yaml}'], kind: 'tool', weak: ['tracing'] },
  { id: 'git', aliases: ['github', 'pull request', 'pull requests'], globs: ['**/.gitignore', '**/.gitattributes', '**/CODEOWNERS'], kind: 'tool', weak: ['git'] },

  // Data stores, messaging, data
  { id: 'postgres', aliases: ['postgresql', 'pg', 'psql'], globs: ['**/*.sql', '**/migrations/**/*.sql'], kind: 'datastore', weak: ['pg'] },
  { id: 'mysql', aliases: ['mariadb'], globs: ['**/*.sql'], kind: 'datastore' },
  { id: 'sqlite', aliases: [], globs: ['**/*.sqlite', '**/*.db'], kind: 'datastore' },
  { id: 'mongodb', aliases: ['mongo', 'mongoose'], globs: ['**/*.mongodb.js'], kind: 'datastore' },
  { id: 'redis', aliases: ['valkey'], globs: ['**/redis.conf'], kind: 'datastore' },
  { id: 'elasticsearch', aliases: ['opensearch', 'elastic'], globs: ['**/*mapping*.json'], kind: 'datastore', weak: ['elastic'] },
  { id: 'cassandra', aliases: ['scylladb'], globs: ['**/*.cql'], kind: 'datastore' },
  { id: 'kafka', aliases: ['apache kafka', 'kafka streams'], globs: ['**/*kafka*.{yml,yaml,properties}'], kind: 'tool' },
  { id: 'rabbitmq', aliases: ['amqp', 'nats', 'pulsar'], globs: ['**/rabbitmq.conf'], kind: 'tool' },
  { id: 'spark', aliases: ['pyspark', 'apache spark', 'databricks'], globs: ['**/*.scala', '**/*.py', '**/*.ipynb'], kind: 'tool', weak: ['spark'] },
  { id: 'airflow', aliases: ['dagster', 'prefect'], globs: ['**/dags/**/*.py'], kind: 'tool' },
  { id: 'dbt', aliases: [], globs: ['**/dbt_project.yml', '**/models/**/*.sql'], kind: 'tool' },
  { id: 'snowflake', aliases: ['redshift'], globs: ['**/*.sql'], kind: 'datastore' },
  { id: 'pandas', aliases: ['numpy', 'polars', 'dataframe', 'dataframes'], globs: ['**/*.py', '**/*.ipynb'], kind: 'tool' },
  { id: 'jupyter', aliases: ['jupyter notebook', 'notebook', 'notebooks', 'ipynb'], globs: ['**/*.ipynb'], kind: 'tool', weak: ['notebook', 'notebooks'] },
  { id: 'pytorch', aliases: ['torch', 'tensorflow', 'keras', 'jax', 'scikit-learn', 'sklearn', 'xgboost'], globs: ['**/*.py', '**/*.ipynb'], kind: 'framework', weak: ['torch'] },
  { id: 'llm', aliases: ['large language model', 'large language models', 'llms', 'langchain', 'llamaindex', 'rag', 'prompt engineering'], globs: ['**/prompts/**', '**/*.prompt'], kind: 'tool', weak: ['rag'] },
  { id: 'vector-database', aliases: ['vector database', 'vector db', 'pgvector', 'pinecone', 'qdrant', 'weaviate', 'chroma', 'embeddings'], globs: [], kind: 'datastore' },

  // Formats and protocols
  { id: 'yaml', aliases: ['yml'], globs: ['**/*.{yaml,yml}'], kind: 'language' },
  { id: 'json', aliases: ['json schema'], globs: ['**/*.json'], kind: 'language', weak: ['json'] },
  { id: 'mcp', aliases: ['model context protocol', 'mcp server', 'mcp servers'], globs: ['**/.mcp.json', '**/mcp*.json'], kind: 'tool' },
  { id: 'oauth', aliases: ['oauth2', 'oauth 2.0', 'openid connect', 'oidc', 'jwt', 'saml'], globs: ['**/auth/**'], kind: 'tool' },
  { id: 'blockchain', aliases: ['web3', 'smart contract', 'smart contracts', 'ethereum', 'hardhat', 'foundry'], globs: ['**/*.sol', '**/hardhat.config.*', '**/foundry.toml'], kind: 'platform' },
  { id: 'embedded', aliases: ['firmware', 'microcontroller', 'microcontrollers', 'rtos', 'freertos', 'arm cortex', 'stm32', 'arduino'], globs: ['**/*.ino', '**/*.ld', '**/*.c', '**/*.h'], kind: 'platform' },
];

/** Every spelling (id + aliases) of a term, lowercase. */
export function termSpellings(term: TechTerm): string[] {
  return [term.id, ...term.aliases];
}
