// One terminal prompt; Ctrl-C aborts the whole run with nothing written.
import prompts from 'prompts';
import { CliError } from '../errors.js';

export async function ask(question: prompts.PromptObject<'value'>): Promise<unknown> {
  const answer = await prompts(question, { onCancel: () => { throw new CliError('USAGE', 'Cancelled; nothing was written.'); } });
  return answer.value;
}
