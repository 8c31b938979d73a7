import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { GlobStage } from '../../src/routing/glob-stage.js';
import { prng } from '../../test-support/prng.js';

const stage = new GlobStage(
  new Map([
    ['**/*.tf', ['infra']],
    ['**/Dockerfile', ['docker']],
    ['src/components/**', ['frontend']],
    ['**/*.{test,spec}.ts', ['tests']],
    ['.github/workflows/*.yml', ['ci']],
    ['**/*.tar.gz', ['archives']],
  ]),
);
const ids = (files: string[]): string[] => stage.match(files).map((h) => `${h.agents.join(',')}:${h.file}`);

describe('GlobStage', () => {
  it('matches extension, base-name, first-segment and generic globs', () => {
    expect(ids(['main.tf', 'infra/modules/vpc/main.tf'])).toEqual(['infra:main.tf', 'infra:infra/modules/vpc/main.tf']);
    expect(ids(['services/api/Dockerfile'])).toEqual(['docker:services/api/Dockerfile']);
    expect(ids(['src/components/Button.tsx'])).toEqual(['frontend:src/components/Button.tsx']);
    expect(ids(['lib/parse.test.ts'])).toEqual(['tests:lib/parse.test.ts']);
    expect(ids(['.github/workflows/ci.yml'])).toEqual(['ci:.github/workflows/ci.yml']);
    expect(ids(['dist/app.tar.gz'])).toEqual(['archives:dist/app.tar.gz']);
  });

  it('does not match look-alikes', () => {
    expect(ids(['main.tfx', 'Dockerfile.bak', 'lib/components/Button.tsx', 'parse.test.js', 'README.md'])).toEqual([]);
  });

  it('reports globs picomatch rejects as problems instead of throwing', () => {
    const bad = new GlobStage(new Map([['x'.repeat(70_000), ['a']], ['**/*.go', ['go']]]));
    expect(bad.problems).toHaveLength(1);
    expect(bad.size).toBe(1);
  });
  it('indexes base-name prefixes, directories anywhere and suffixed extensions without changing what matches', () => {
    const globs = ['**/vite.config.*', '**/migrations/**', '**/*_test.py', '**/e2e/**', '**/*.xcodeproj/**', 'docs/**', '**/*.md'];
    const indexed = new GlobStage(new Map(globs.map((glob) => [glob, [glob]])));
    const files = ['web/vite.config.ts', 'vite.config.js', 'vite.ts', 'db/migrations/001.sql', 'migrations.sql', 'pkg/foo_test.py', 'pkg/test.py', 'app/e2e/login.spec.ts', 'e2e/a.ts', 'ios/App.xcodeproj/project.pbxproj', 'docs/a/b.md'];
    for (const file of files) {
      const direct = globs.filter((glob) => picomatch(glob, { dot: true })(file)).sort();
      expect([...new Set(indexed.match([file]).map((hit) => hit.glob))].sort(), file).toEqual(direct);
    }
    expect(indexed.match(['web/vite.config.ts']).map((hit) => hit.glob)).toEqual(['**/vite.config.*']);
  });

  it('gives exactly what testing every glob on every file gives, in file then glob order, call after call', () => {
    const random = prng(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const names = ['a', 'b', 'src', 'lib', 'e2e', 'migrations', 'vite', 'main', 'x.y'];
    const exts = ['ts', 'js', 'md', 'tf', 'py', 'tar.gz', 'spec.ts'];
    const shapes = [
      () => `**/*.${pick(exts)}`,
      () => `**/*.{${pick(exts)},${pick(exts)}}`,
      () => `${pick(names)}/**`,
      () => `**/${pick(names)}/**`,
      () => `**/${pick(names)}.*`,
      () => `**/${pick(names)}`,
      () => `**/*_${pick(names)}.${pick(exts)}`,
      () => `${pick(names)}/*.${pick(exts)}`,
      () => `**/*${pick(names)}*`,
    ];
    const globs = [...new Set(Array.from({ length: 120 }, () => pick(shapes)()))];
    const stage = new GlobStage(new Map(globs.map((glob) => [glob, [glob]])));
    const sorted = [...globs].sort();
    const testers = sorted.map((glob) => picomatch(glob, { dot: true }));
    let total = 0;
    for (let call = 0; call < 150; call += 1) {
      const files = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        [...Array.from({ length: Math.floor(random() * 3) }, () => pick(names)), `${pick(names)}.${pick(exts)}`].join('/'),
      );
      const expected = files.flatMap((file) => sorted.filter((_, g) => (testers[g] as (f: string) => boolean)(file)).map((glob) => `${glob} ${file}`));
      expect(stage.match(files).map((hit) => `${hit.glob} ${hit.file}`)).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(150);
  });
});
