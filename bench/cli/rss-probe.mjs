// Preloaded with --import into a measured process: on exit, writes its peak RSS (bytes) and its own CPU time
// (user + system, µs) to BENCH_RSS_FILE as JSON.
import fs from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ rssBytes: usage.maxRSS * 1024, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  });
}
