import { redactText } from './redact.js';

/**
 * Redaction for streamed text. A secret split across chunks (`sk-proj-Ab` +
 * `Cd01…`, as real token streams do) is invisible to per-chunk redaction, so
 * this holds back the tail that might still be part of one: the unfinished
 * last word, an assignment or credential keyword waiting for its value
 * (`password=`, `Bearer `, an open quote), and an unterminated PEM private-key
 * block. Everything before that is redacted and released.
 *
 * `push(text)` returns what may be emitted now ('' when all is held);
 * `flush()` returns the redacted rest at the end of the stream. Concatenating
 * every piece equals redacting the whole text at once.
 */
export interface StreamRedactor {
  push(text: string): string;
  flush(): string;
}

/** Ends with a credential keyword whose value may still be coming. */
const PENDING_VALUE =
  /\b(?:bearer|basic|authorization|password|passwd|pwd|passphrase|secret|client_secret|secret_access_key|aws_secret_access_key|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|token)["']?(?:\s*[=:]\s*(?:"[^"\n]*|'[^'\n]*)?)?\s*$/i;
const PEM_BEGIN = '-----BEGIN';
const PEM_END = /-----END[A-Z0-9 ]*PRIVATE KEY-----/;

export function createStreamRedactor(redact: (text: string) => string = redactText, maxHoldChars = 16_384): StreamRedactor {
  let held = '';
  return {
    push(text: string): string {
      if (!text) return '';
      held += text;
      let cut = safeCut(held);
      if (held.length - cut > maxHoldChars) cut = held.length; // bounded: never hold a runaway tail
      if (cut === 0) return '';
      const out = redact(held.slice(0, cut));
      held = held.slice(cut);
      return out;
    },
    flush(): string {
      const out = held ? redact(held) : '';
      held = '';
      return out;
    },
  };
}

/** Index up to which the buffer can be released without splitting a possible secret. */
function safeCut(buffer: string): number {
  let cut = lastWhitespace(buffer) + 1;
  const begin = buffer.lastIndexOf(PEM_BEGIN);
  if (begin >= 0 && begin < cut) {
    // Never cut inside a key block: hold it until its END line, then release it whole.
    const end = PEM_END.exec(buffer.slice(begin));
    if (!end) cut = begin;
    else cut = Math.max(cut, begin + end.index + end[0].length);
  }
  for (;;) {
    const pending = PENDING_VALUE.exec(buffer.slice(0, cut));
    if (!pending || pending.index >= cut) break;
    cut = pending.index;
  }
  // A partial "-----BEGIN" (or its dashes) at the cut is held by the whitespace rule: it has none.
  return cut;
}

function lastWhitespace(text: string): number {
  for (let index = text.length - 1; index >= 0; index -= 1) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 10 || code === 9 || code === 13) return index;
  }
  return -1;
}
