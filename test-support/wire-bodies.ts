/** Small synthetic wire bodies for fault tests (shapes as in fixtures/wire). */

export function openaiSse(chunks: readonly string[], options: { usage?: { prompt: number; completion: number }; done?: boolean } = {}): string {
  const head = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-test', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let out = head({ role: 'assistant', content: '' });
  for (const text of chunks) out += head({ content: text });
  out += head({}, 'stop');
  if (options.usage) out += `data: ${JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: options.usage.prompt, completion_tokens: options.usage.completion } })}\n\n`;
  if (options.done !== false) out += 'data: [DONE]\n\n';
  return out;
}

export function anthropicSse(chunks: readonly string[], options: { inputTokens?: number; outputTokens?: number } = {}): string {
  const ev = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  let out = ev('message_start', { message: { id: 'm1', model: 'claude-test', usage: { input_tokens: options.inputTokens ?? 10, output_tokens: 1 } } });
  out += ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  for (const text of chunks) out += ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
  out += ev('content_block_stop', { index: 0 });
  out += ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: options.outputTokens ?? 5 } });
  out += ev('message_stop', {});
  return out;
}

export function ollamaNdjson(chunks: readonly string[], options: { promptEval?: number; eval?: number } = {}): string {
  let out = '';
  for (const text of chunks) out += `${JSON.stringify({ model: 'llama-test', message: { role: 'assistant', content: text }, done: false })}\n`;
  out += `${JSON.stringify({ model: 'llama-test', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: options.promptEval ?? 7, eval_count: options.eval ?? 3 })}\n`;
  return out;
}

/** Byte length of the first `n` events/lines of a body (to cut a stream right after them). */
export function bytesAfterEvents(body: string, n: number, separator = '\n\n'): number {
  let index = 0;
  for (let i = 0; i < n; i++) {
    const next = body.indexOf(separator, index);
    if (next < 0) return Buffer.byteLength(body);
    index = next + separator.length;
  }
  return Buffer.byteLength(body.slice(0, index));
}
