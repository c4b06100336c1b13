// The floor for the CLI's cost on a repo: list the tree (skipping node_modules and dot-directories), read
// every source file and test it with one regular expression for what starts a server. Prints a JSON count.
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
if (!root) throw new Error('usage: text-scan.mjs <dir>');
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const SERVER = /\.listen\s*[<(]|createServer\s*\(/;
let files = 0;
let matches = 0;
const stack = [root];
while (stack.length > 0) {
  const dir = stack.pop();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) stack.push(full);
    else if (SOURCE.test(entry.name)) {
      files += 1;
      if (SERVER.test(fs.readFileSync(full, 'utf8'))) matches += 1;
    }
  }
}
process.stdout.write(`${JSON.stringify({ files, matches })}\n`);
