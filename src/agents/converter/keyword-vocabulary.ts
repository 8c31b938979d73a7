/**
 * Words that say nothing about which agent fits a task. They never become a
 * keyword on their own and they split candidate phrases (RAKE-style).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above across after again against all almost also although always am among an and any are as at be because been before ' +
    'being below between both but by can could did do does doing done down during each either else etc even ever every few for from ' +
    'further get gets had has have having he her here hers him his how however i if in into is it its itself just least less like ' +
    'make makes making many may me might more most much must my need needs no nor not now of off often on once one only or other ' +
    'our ours out over own per please rather really same she should since so some such than that the their theirs them then there ' +
    'these they this those through thus to too under until up upon us very via was we well were what whatever when whenever where ' +
    'whether which while who whom whose why will with within without would yet you your yours yourself e.g i.e vs ' +
    'want wants wanted asks ask asked user users request requests requested help helps helping tell let lets new using used uses ' +
    'something anything everything someone way ways thing things kind kinds lot lots able across including include includes ' +
    'includes etc. based around beyond toward towards against throughout whose two three first second next last latest'
  ).split(/\s+/),
);

/** Role and marketing words: fine inside a phrase ("code reviewer"), never alone. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  (
    'expert experts specialist specialists specialized specializing specializes specialize specialization code coding coder developer developers ' +
    'development develop use proactively agent agents engineer engineers engineering pro professional master masters mastering senior ' +
    'assistant assistants helper comprehensive advanced modern best practice practices production production-ready ready robust scalable ' +
    'efficient effective clean high quality high-quality world-class elite skilled experienced deep focus focused focusing focuses ' +
    'ensure ensuring ensures provide provides providing create creates creating build builds building implement implements implementing ' +
    'implementation design designs designing handle handles handling manage manages managing work works working task tasks ' +
    'support supports supporting perform performs performing optimize optimizes optimizing improve improves improving complex ' +
    'system systems solution solutions project projects application applications app apps software tool tools feature features ' +
    'various multiple specific general overall key core main primary secondary intelligent smart automated automatic automatically ' +
    'excellent exceptional strong powerful complete full end-to-end seamless seamlessly reliable maintainable performant ' +
    'immediately must invoke invoked call called trigger triggers triggered whenever examples example context commentary ' +
    'claude anthropic task-specific purpose team teams level levels enterprise-grade enterprise skills skill capabilities capability ' +
    'approach approaches strategy strategies pattern patterns data process processes ability abilities area areas field fields ' +
    'excellence mastery expertise proper required provided similar fully excels excel extensive thorough deep-dive leverage leveraging ' +
    'cutting-edge state-of-the-art industry-standard innovative optimal optimized successful success optimization operations ' +
    'question questions problem problems issue issues'
  ).split(/\s+/),
);

/** Role nouns and the activity they stand for: `code-reviewer` is also found by "code review". */
export const ROLE_ACTIVITY: Readonly<Record<string, string>> = {
  reviewer: 'review', auditor: 'audit', tester: 'testing', planner: 'planning', optimizer: 'optimization', analyzer: 'analysis',
  analyst: 'analysis', designer: 'design', architect: 'architecture', writer: 'writing', debugger: 'debugging', migrator: 'migration',
  documenter: 'documentation', generator: 'generation', monitor: 'monitoring', deployer: 'deployment', scanner: 'scanning',
  profiler: 'profiling', translator: 'translation', researcher: 'research', coordinator: 'coordination', validator: 'validation',
  benchmarker: 'benchmarking', refactorer: 'refactoring', developer: 'development', engineer: 'engineering', administrator: 'administration',
  admin: 'administration', manager: 'management', automator: 'automation', orchestrator: 'orchestration', investigator: 'investigation',
  modeler: 'modeling', integrator: 'integration', consultant: 'consulting', strategist: 'strategy', editor: 'editing',
};

/** Words that mark a name segment as noise (`python-pro`, `golang-expert`). */
export const NAME_NOISE: ReadonlySet<string> = new Set(['pro', 'expert', 'specialist', 'agent', 'senior', 'master', 'ninja', 'guru', 'wizard', 'v2', 'v3', 'claude', 'subagent']);

/** Heading words that describe the document, not the agent's field. */
export const GENERIC_HEADING_WORDS: ReadonlySet<string> = new Set(
  (
    'responsibilities responsibility guidelines guideline practices overview examples example output outputs format process workflow ' +
    'workflows checklist approach principles instructions notes note summary introduction usage capabilities integration integrations ' +
    'communication protocol protocols role mission purpose context steps step phase phases methodology deliverables requirements ' +
    'standards tips rules behavior behaviour response responses template templates structure when your you the and of for with to in ' +
    'a an how what why key core important remember always never do dont don\'t success criteria metrics quality considerations ' +
    'collaboration coordination handoff task tasks memory hooks tools tool configuration setup advanced additional common anti-patterns ' +
    'patterns pattern mcp agent agents expertise focus areas area skills reporting report error handling philosophy style guide ' +
    'framework frameworks development implementation strategy strategies techniques technique methods analysis review'
  ).split(/\s+/),
);

export function isContentWord(word: string): boolean {
  return word.length > 1 && !STOP_WORDS.has(word) && !/^\d+$/.test(word);
}

export function isDistinctiveWord(word: string): boolean {
  return isContentWord(word) && !GENERIC_WORDS.has(word);
}

const VERB_BASES =
  'analyze analyse identify generate calculate suggest establish conduct validate uncover assess inform understand resolve fix ' +
  'diagnose write debug require integrate define synthesize strengthen reduce mine iterate determine interpret prevent correlate ' +
  'deliver enable drive maintain review audit plan research explore evaluate delegate orchestrate coordinate deploy scale search ' +
  'monitor track detect find guide transform convert migrate refactor test document explain answer translate produce prepare ' +
  'combine apply adopt operate execute run verify check ensure streamline automate accelerate empower own lead specialize focus ' +
  'master craft architect construct set configure customize tune troubleshoot investigate profile measure benchmark harden secure ' +
  'protect recommend advise consult teach mentor collaborate communicate present report summarize organize structure shape curate ' +
  'propose estimate repair lack break come land appear happen fail take give keep start stop add remove update rewrite look ' +
  'write build create handle change improve';

/** Verbs that are also common nouns ("test coverage", "code review"): only their -s/-ed forms are trimmed. */
const NOUN_LIKE_VERBS = new Set(
  'test review plan document benchmark profile report structure shape monitor audit research search guide check run set lead own focus master architect secure scale track drive answer change update build design process'.split(' '),
);

function verbForms(base: string): string[] {
  const stem = base.endsWith('e') ? base.slice(0, -1) : base;
  const third = /(?:s|sh|ch|x|z)$/.test(base) ? `${base}es` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : `${base}s`;
  const past = /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ied` : base.endsWith('e') ? `${base}d` : `${base}ed`;
  return [base, third, `${stem}ing`, past];
}

/** Verbs (with -s/-ing/-ed forms) trimmed from the start of candidate phrases ("identify root causes" → "root causes"). */
export const LEADING_VERBS: ReadonlySet<string> = new Set(
  VERB_BASES.split(/\s+/).flatMap((base) => {
    const forms = verbForms(base);
    return NOUN_LIKE_VERBS.has(base) ? [forms[1] ?? '', forms[3] ?? ''].filter((form) => form !== '') : forms;
  }),
);

/** Verb forms trimmed from the end of phrases ("pipeline breaks" → "pipeline"); noun-like verbs are kept ("flaky tests"). */
export const TRAILING_VERBS: ReadonlySet<string> = new Set(
  VERB_BASES.split(/\s+/)
    .filter((base) => !NOUN_LIKE_VERBS.has(base))
    .flatMap(verbForms),
);

/** Suffixes of abstract nouns that make a good one-word keyword ("correctness", "observability"). */
export const NOUN_SUFFIX = /(?:ity|ness|tion|sion|ment|ance|ence|ics|ism|ogy|acy|ship)$/;
