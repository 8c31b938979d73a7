import type { FinishReason, ModelStreamPart, ToolCall, Usage } from './types.js';

export interface CollectedStream {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  usage: Usage | undefined;
  usageEstimated: boolean;
  finishReason: FinishReason | undefined;
  simulated: boolean;
  model: string | undefined;
  provider: string | undefined;
  failovers: Extract<ModelStreamPart, { type: 'failover' }>[];
  parts: ModelStreamPart[];
}

/** Drains a provider stream into its text, tool calls, usage and failovers. Errors propagate. */
export async function collectStream(stream: AsyncIterable<ModelStreamPart>, onPart?: (part: ModelStreamPart) => void): Promise<CollectedStream> {
  const result: CollectedStream = {
    text: '',
    reasoning: '',
    toolCalls: [],
    usage: undefined,
    usageEstimated: false,
    finishReason: undefined,
    simulated: false,
    model: undefined,
    provider: undefined,
    failovers: [],
    parts: [],
  };
  for await (const part of stream) {
    onPart?.(part);
    result.parts.push(part);
    switch (part.type) {
      case 'text-delta':
        result.text += part.text;
        break;
      case 'reasoning-delta':
        result.reasoning += part.text;
        break;
      case 'tool-call':
        result.toolCalls.push(part.call);
        break;
      case 'usage':
        result.usage = part.usage;
        result.usageEstimated = part.estimated === true;
        break;
      case 'failover':
        result.failovers.push(part);
        break;
      case 'finish':
        result.finishReason = part.reason;
        if (part.usage) {
          result.usage = part.usage;
          result.usageEstimated = part.usageEstimated === true;
        }
        result.simulated = part.simulated === true;
        result.model = part.model;
        result.provider = part.provider;
        break;
      default:
        break;
    }
  }
  return result;
}
