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

export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.length > 3) w = w.slice(0, -1);
  // Two rounds so stacked suffixes meet: monitoring → monitor → monit, like monitor → monit.
  for (let round = 0; round < 2; round += 1) {
    const before = w;
    for (const suffix of SUFFIXES) {
      if (w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM) {
        const base = w.slice(0, -suffix.length);
        if (!/[aeiouy]/.test(base)) continue;
        w = base;
        break;
      }
    }
    if (w === before) break;
  }
  // Undouble a final consonant left by -ing/-ed/-er (running → run, debugging → debug).
  if (w.length > MIN_STEM && w[w.length - 1] === w[w.length - 2] && !'lsz'.includes(w[w.length - 1] as string) && !/[aeiou]/.test(w[w.length - 1] as string)) {
    w = w.slice(0, -1);
  }
  if (w.endsWith('y') && w.length > MIN_STEM + 1) w = `${w.slice(0, -1)}i`;
  return w;
}
