// Preloaded with --import into a measured process: on exit, writes its peak RSS (bytes) to BENCH_RSS_FILE.
import fs from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
