/**
 * Routing quality evaluation (issue 3). Converts the two public agent corpora
 * together (one convertAgents call, into a temp dir), compiles the router with
 * the default config, and routes the labelled requests in
 * bench/router-eval/requests.jsonl. Reports top-1, top-3, decoy top-1,
 * file-path top-1, abstention on no-fit requests and false abstentions —
 * next to plain BM25 over name+description measured in the same run.
 *
 *   npx tsx bench/router-eval.ts [--verbose] [--json] [--sweep] [--set key=value]
 *
 * The table also shows the router on two fixed halves of the requests (tune / held-out, see splitOf),
 * and the router and plain BM25 on a second, independently written set, bench/router-eval/fresh.jsonl
 * (same kinds, other agents, written from the agents' purpose before any tuning against it): a check
 * that changes generalise rather than fit requests.jsonl. A third set, unseen.jsonl, is sealed: its
 * figures are reported but its misses are never listed (not even with --verbose), so no change can be
 * fitted to it.
 *
 * Labels: `expect` lists acceptable agent ids; `~role` stands for every id
 * whose name is that role (`role`, `role-2`, `<plugin>-role`), i.e. the
 * copies of one agent that wshobson ships in several plugins and same-named
 * agents of both corpora. An empty list means "no agent fits: abstain".
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { convertAgents } from '../src/agents/converter/convert-agents.js';
import { loadRegistry } from '../src/agents/registry.js';
import type { AgentDefinition } from '../src/agents/schema.js';
import { createRegistryRouter } from '../src/routing/registry-router.js';
import { defaultRoutingOptions } from '../src/routing/routing-options.js';

interface LabelledRequest {
  kind: 'normal' | 'file' | 'decoy' | 'nofit';
  text: string;
  files?: string[];
  expect: string[];
}

const HERE = path.dirname(new URL(import.meta.url).pathname);
const SHARED = path.resolve(HERE, '..', '..', 'shared');
const CORPORA = ['corpora/wshobson__agents', 'corpora/VoltAgent__awesome-claude-code-subagents'].map((p) => path.join(SHARED, p));
const verbose = process.argv.includes('--verbose');
const asJson = process.argv.includes('--json');

function readRequests(file: string): LabelledRequest[] {
  return readFileSync(path.join(HERE, 'router-eval', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledRequest);
}

const requests = readRequests('requests.jsonl');
const fresh = readRequests('fresh.jsonl');
const unseen = readRequests('unseen.jsonl');

async function main(): Promise<void> {
const work = mkdtempSync(path.join(tmpdir(), 'router-eval-'));
try {
  const report = await convertAgents({ root: work, inDirs: CORPORA, outDir: path.join(work, 'bundle') });
  const registry = loadRegistry({ root: work, dir: 'bundle', config: {} });
  const input = registry.routingInput();
  const ids = input.agents.map((a) => a.agent.id);
  const expand = (label: string): string[] => {
    if (!label.startsWith('~')) {
      if (!ids.includes(label)) throw new Error(`label names unknown agent ${label}`);
      return [label];
    }
    const role = label.slice(1);
    const found = ids.filter((id) => id === role || id === `${role}-2` || id.endsWith(`-${role}`) || id.endsWith(`-${role}-2`));
    if (found.length === 0) throw new Error(`role ${role} matches no agent`);
    return found;
  };

  const options = defaultRoutingOptions();
  // `--set alpha=0.5 --set threshold=0.3 --set field.name=2`: try settings without editing the config defaults.
  process.argv.forEach((arg, i) => {
    if (arg !== '--set') return;
    const [key, value] = (process.argv[i + 1] ?? '').split('=') as [string, string];
    const n = Number(value);
    if (key in options.weights) (options.weights as Record<string, number>)[key] = n;
    else if (key.startsWith('field.')) options.fields = { ...options.fields, [key.slice(6)]: { ...options.fields[key.slice(6)]!, weight: n } };
    else if (key === 'semantic') options.semantic = value as 'always' | 'fallback';
    else (options as unknown as Record<string, number>)[key] = n;
  });
  const router = createRegistryRouter(registry, options);
  const baseline = new PlainBm25(input.agents);

  const stats = {
    router: new Tally(),
    baseline: new Tally(),
    tune: new Tally(),
    holdout: new Tally(),
    fresh: new Tally(),
    freshBaseline: new Tally(),
    unseen: new Tally(),
    unseenBaseline: new Tally(),
  };
  const misses: string[] = [];
  const evaluate = (request: LabelledRequest, set: 'tune' | 'holdout' | 'fresh' | 'unseen', tally: Tally, baseTally: Tally): void => {
    const expected = new Set(request.expect.flatMap(expand));
    const routed = router.route({ text: request.text, files: request.files ?? [] }, { top: 3 });
    const ranked = routed.agents.map((a) => a.id);
    tally.add(request.kind, expected, ranked, routed.abstained);
    if (set === 'tune' || set === 'holdout') stats[set].add(request.kind, expected, ranked, routed.abstained);
    const base = baseline.rank(`${request.text} ${(request.files ?? []).join(' ')}`, 3);
    baseTally.add(request.kind, expected, base, base.length === 0);
    const ok = request.kind === 'nofit' ? routed.abstained : expected.has(ranked[0] ?? '');
    if (!ok && set !== 'unseen') misses.push(`${set.padEnd(7)} ${request.kind.padEnd(6)} ${JSON.stringify(request.text)} → ${ranked.join(', ') || '(abstained)'} (best ${routed.bestScore}); want ${request.expect.join(' | ') || 'abstain'}`);
  };
  for (const request of requests) evaluate(request, splitOf(request.text), stats.router, stats.baseline);
  for (const request of fresh) evaluate(request, 'fresh', stats.fresh, stats.freshBaseline);
  for (const request of unseen) evaluate(request, 'unseen', stats.unseen, stats.unseenBaseline);

  if (process.argv.includes('--sweep')) {
    // One router per threshold (the router lowers the bar for software requests, so the cut is not a plain bestScore comparison).
    for (let t = 0.1; t <= 0.6001; t += 0.025) {
      const swept = createRegistryRouter(registry, { ...options, threshold: t });
      // Choose a threshold on the tune split and fresh; held-out and unseen are shown for the record only.
      const sets = { tune: requests.filter((r) => splitOf(r.text) === 'tune'), fresh, 'held-out': requests.filter((r) => splitOf(r.text) === 'holdout'), unseen };
      const line = Object.entries(sets).map(([name, list]) => {
        const tally = new Tally();
        for (const request of list) {
          const result = swept.route({ text: request.text, files: request.files ?? [] }, { top: 3, explain: false });
          tally.add(request.kind, new Set(request.expect.flatMap(expand)), result.agents.map((a) => a.id), result.abstained);
        }
        const m = tally.summary();
        return `${name}: top1 ${pct(m.top1)} top3 ${pct(m.top3)} decoy ${pct(m.decoyTop1)} abstainNoFit ${pct(m.abstainOnNoFit)} falseAbstain ${pct(m.falseAbstain)}`;
      });
      console.log(`threshold ${t.toFixed(3)}  ${line.join('  |  ')}`);
    }
  }

  const summary = {
    agents: ids.length,
    convertedDuplicates: report.duplicates.length,
    requests: requests.length,
    byKind: Object.fromEntries(['normal', 'file', 'decoy', 'nofit'].map((k) => [k, requests.filter((r) => r.kind === k).length])),
    router: stats.router.summary(),
    plainBm25NameDescription: stats.baseline.summary(),
    routerTuneSplit: stats.tune.summary(),
    routerHoldoutSplit: stats.holdout.summary(),
    splitSizes: { tune: requests.filter((r) => splitOf(r.text) === 'tune').length, holdout: requests.filter((r) => splitOf(r.text) === 'holdout').length },
    fresh: {
      requests: fresh.length,
      byKind: Object.fromEntries(['normal', 'file', 'decoy', 'nofit'].map((k) => [k, fresh.filter((r) => r.kind === k).length])),
      router: stats.fresh.summary(),
      plainBm25NameDescription: stats.freshBaseline.summary(),
    },
    unseen: {
      requests: unseen.length,
      byKind: Object.fromEntries(['normal', 'file', 'decoy', 'nofit'].map((k) => [k, unseen.filter((r) => r.kind === k).length])),
      router: stats.unseen.summary(),
      plainBm25NameDescription: stats.unseenBaseline.summary(),
    },
  };
  if (asJson) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(`agents ${summary.agents} (converted together, ${summary.convertedDuplicates} id collisions suffixed); requests ${summary.requests} ${JSON.stringify(summary.byKind)}`);
    console.log(`fresh set: ${summary.fresh.requests} ${JSON.stringify(summary.fresh.byKind)}; sealed unseen set: ${summary.unseen.requests} ${JSON.stringify(summary.unseen.byKind)}`);
    const columns: [string, ReturnType<Tally['summary']>][] = [
      [`router (${summary.requests})`, summary.router],
      ['plain BM25', summary.plainBm25NameDescription],
      [`tune (${summary.splitSizes.tune})`, summary.routerTuneSplit],
      [`held-out (${summary.splitSizes.holdout})`, summary.routerHoldoutSplit],
      [`fresh (${summary.fresh.requests})`, summary.fresh.router],
      ['fresh plain BM25', summary.fresh.plainBm25NameDescription],
      [`unseen (${summary.unseen.requests})`, summary.unseen.router],
      ['unseen plain BM25', summary.unseen.plainBm25NameDescription],
    ];
    console.log(`${'metric'.padEnd(16)}${columns.map(([name]) => name.padStart(18)).join('')}`);
    for (const key of Object.keys(summary.router) as (keyof ReturnType<Tally['summary']>)[]) {
      console.log(`${key.padEnd(16)}${columns.map(([, m]) => pct(m[key]).padStart(18)).join('')}`);
    }
    if (verbose) console.log(`\nmisses (${misses.length}):\n${misses.join('\n')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
}

/**
 * Fixed split of the requests for honest tuning: a request belongs to `tune` or `holdout`
 * by a hash of its text (FNV-1a), so adding requests never moves existing ones. Change the
 * router while looking only at tune-split misses (`--verbose` marks each miss), then read the held-out figures.
 */
function splitOf(text: string): 'tune' | 'holdout' {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 2 === 0 ? 'tune' : 'holdout';
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

class Tally {
  private fit = { n: 0, top1: 0, top3: 0, abstained: 0 };
  private decoy = { n: 0, top1: 0 };
  private file = { n: 0, top1: 0 };
  private nofit = { n: 0, abstained: 0 };

  add(kind: LabelledRequest['kind'], expected: Set<string>, ranked: string[], abstained: boolean): void {
    if (kind === 'nofit') {
      this.nofit.n += 1;
      if (abstained) this.nofit.abstained += 1;
      return;
    }
    const top1 = expected.has(ranked[0] ?? '');
    const top3 = ranked.slice(0, 3).some((id) => expected.has(id));
    this.fit.n += 1;
    if (top1) this.fit.top1 += 1;
    if (top3) this.fit.top3 += 1;
    if (abstained) this.fit.abstained += 1;
    if (kind === 'decoy') {
      this.decoy.n += 1;
      if (top1) this.decoy.top1 += 1;
    }
    if (kind === 'file') {
      this.file.n += 1;
      if (top1) this.file.top1 += 1;
    }
  }

  summary(): { top1: number; top3: number; decoyTop1: number; fileTop1: number; abstainOnNoFit: number; falseAbstain: number } {
    const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
    return {
      top1: ratio(this.fit.top1, this.fit.n),
      top3: ratio(this.fit.top3, this.fit.n),
      decoyTop1: ratio(this.decoy.top1, this.decoy.n),
      fileTop1: ratio(this.file.top1, this.file.n),
      abstainOnNoFit: ratio(this.nofit.abstained, this.nofit.n),
      falseAbstain: ratio(this.fit.abstained, this.fit.n),
    };
  }
}

/** The baseline: Okapi BM25 (k1 1.2, b 0.75) over name + description, lowercase word tokens, no stemming or synonyms, never abstains. */
class PlainBm25 {
  private readonly docs: { id: string; tf: Map<string, number>; len: number }[];
  private readonly df = new Map<string, number>();
  private readonly avg: number;

  constructor(agents: readonly AgentDefinition[]) {
    this.docs = agents.map((a) => {
      const tokens = words(`${a.agent.name} ${a.agent.description}`);
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      return { id: a.agent.id, tf, len: tokens.length };
    });
    this.avg = this.docs.reduce((s, d) => s + d.len, 0) / Math.max(1, this.docs.length);
  }

  rank(text: string, top: number): string[] {
    const query = [...new Set(words(text))];
    const n = this.docs.length;
    const scored = this.docs
      .map((d) => {
        let score = 0;
        for (const t of query) {
          const tf = d.tf.get(t);
          if (!tf) continue;
          const df = this.df.get(t) ?? 0;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.len) / this.avg));
        }
        return { id: d.id, score };
      })
      .filter((d) => d.score > 0)
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return scored.slice(0, top).map((d) => d.id);
  }
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

await main();
