// The message for "several HTTP servers and nothing to prefer one": which they are, and which files
// `--entry` can name. `--entry` names a file, so a file that starts more than one server cannot settle it:
// say so rather than send the user round in circles.
import type { ServerSite } from '../types.js';

export interface SeveralServersExplanation {
  message: string;
  hint: string;
  /** The files that start exactly one of the servers: what `--entry` (or the prompt) can choose from. */
  entries: string[];
}

export function explainSeveralServers(sites: readonly ServerSite[]): SeveralServersExplanation {
  const linesByFile = new Map<string, number[]>();
  for (const site of sites) linesByFile.set(site.file, [...(linesByFile.get(site.file) ?? []), site.line]);
  const entries = [...linesByFile].filter(([, lines]) => lines.length === 1).map(([file]) => file);
  const crowded = [...linesByFile].filter(([, lines]) => lines.length > 1);
  const crowdedNote = crowded
    .map(([file, lines]) => ` ${file} starts ${lines.length} of them (lines ${lines.join(', ')}), so --entry ${file} cannot say which one.`)
    .join('');
  const move = 'move the one the WebSocket server should attach to into a file of its own and pass that file with --entry <file>';
  const hint = entries.length > 0
    ? `Pass --entry <file> naming the file that starts the HTTP server the WebSocket server should attach to (${entries.join(', ')})${crowded.length > 0 ? `; for a server in ${crowded.map(([file]) => file).join(', ')}, ${move}` : ''}.`
    : `To attach to one of them, ${move}; or pass --standalone to run the WebSocket server on its own port (WS_PORT).`;
  return { message: `Found several HTTP servers: ${sites.map((s) => `${s.file}:${s.line}`).join(', ')}.${crowdedNote}`, hint, entries };
}
