/**
 * A small, deterministic English suffix stripper (Porter-flavoured, far
 * smaller). It only has to map a word and its inflections/derivations to the
 * same key on both sides of the index: `deploying`, `deployment`, `deploys`
 * → `deploy`; `optimize`, `optimization`, `optimizer` → `optimiz`.
 */
const SUFFIXES = [
  'izations', 'ization', 'isations', 'isation', 'ational', 'fulness', 'iveness', 'ations', 'ation', 'ments', 'ment',
  'ities', 'ity', 'ness', 'ances', 'ance', 'ences', 'ence', 'ings', 'ing', 'izers', 'izer', 'izes', 'ized', 'ize',
  'ises', 'ised', 'ise', 'ers', 'er', 'ors', 'or', 'ed', 'ally', 'ly', 'ical', 'ic', 'ives', 'ive', 'ables', 'able', 'ibles', 'ible', 'als', 'al', 'ists', 'ist', 'isms', 'ism', 'ful', 'es', 'e',
];
const MIN_STEM = 3;
/**
 * Suffixes that need a longer stem before they are stripped: short words ending
 * so are usually not derived forms (apply, reply ≠ app, rep; logic, static ≠ log, stat).
 */
const MIN_STEM_FOR: Readonly<Record<string, number>> = { ly: 4, ic: 5, ical: 5 };

/**
 * Words whose suffix is not a suffix: stripping it would merge them with an
 * unrelated word (portal/port, organic/organize, state/stats, news/new,
 * graphic/graph). Each maps its forms to one key.
 */
const EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ['portal', 'portal'], ['portals', 'portal'],
  ['organic', 'organic'], ['organically', 'organic'],
  ['state', 'state'], ['states', 'state'], ['stateful', 'state'], ['stateless', 'stateless'],
  ['news', 'news'],
  ['graphic', 'graphic'], ['graphics', 'graphic'],
  ['general', 'general'], ['generally', 'general'],
]);

/** British spellings whose American form a suffix rule cannot reach (requests and agents use both). */
const BRITISH: ReadonlyMap<string, string> = new Map([
  ['licence', 'license'], ['licences', 'licenses'], ['licenced', 'licensed'], ['licencing', 'licensing'],
  ['defence', 'defense'], ['offence', 'offense'], ['centre', 'center'], ['centres', 'centers'],
  ['catalogue', 'catalog'], ['catalogues', 'catalogs'], ['programme', 'program'], ['programmes', 'programs'],
  ['modelling', 'modeling'], ['modelled', 'modeled'], ['cancelled', 'canceled'], ['cancelling', 'canceling'],
  ['labelled', 'labeled'], ['labelling', 'labeling'], ['signalling', 'signaling'], ['travelling', 'traveling'],
]);

/** colour → color, behaviour(al) → behavior(al), analyse(d) → analyze(d): one key for both spellings. */
function americanSpelling(word: string): string {
  const mapped = BRITISH.get(word);
  if (mapped !== undefined) return mapped;
  if (word.length >= 6) {
    const our = /([ilvbmn])our(s|al|ed|ing|ite|ites|able|ful)?$/.exec(word);
    if (our) return `${word.slice(0, our.index)}${our[1]}or${our[2] ?? ''}`;
    const yse = /ys(e|es|ed|ing|er|ers)$/.exec(word);
    if (yse) return `${word.slice(0, yse.index)}yz${yse[1]}`;
  }
  return word;
}

export function stem(word: string): string {
  const exception = EXCEPTIONS.get(word);
  if (exception !== undefined) return exception;
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = americanSpelling(word);
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.length > 3) w = w.slice(0, -1);
  // Two rounds so stacked suffixes meet: monitoring → monitor → monit, like monitor → monit.
  let stripped = false;
  for (let round = 0; round < 2; round += 1) {
    const before = w;
    for (const suffix of SUFFIXES) {
      // -eed is not -ed (speed, feed).
      if (suffix === 'ed' && w.endsWith('eed')) continue;
      // A second strip must leave a longer stem: stacked suffixes on short words conflate unrelated words (presales, presence).
      if (w.endsWith(suffix) && w.length - suffix.length >= (MIN_STEM_FOR[suffix] ?? MIN_STEM) + round * 2) {
        const base = w.slice(0, -suffix.length);
        if (!/[aeiouy]/.test(base)) continue;
        w = base;
        stripped = true;
        break;
      }
    }
    if (w === before) break;
  }
  // Undouble a final consonant left by -ing/-ed/-er (running → run, debugging → debug).
  if (w.length > MIN_STEM && w[w.length - 1] === w[w.length - 2] && !'lsz'.includes(w[w.length - 1] as string) && !/[aeiou]/.test(w[w.length - 1] as string)) {
    w = w.slice(0, -1);
  } else if (stripped && /^[^aeiou][aeiou][^aeiouwxy]$/.test(w)) {
    // A short consonant-vowel-consonant stem left by stripping had a silent e (wine, coding → wine, code): keep it, so wine ≠ win(ner).
    w = `${w}e`;
  }
  if (w.endsWith('y') && w.length > MIN_STEM + 1) w = `${w.slice(0, -1)}i`;
  return w;
}
