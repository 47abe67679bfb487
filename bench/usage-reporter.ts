// Preloaded with `node -r` by the benchmark: when the process exits, writes to stderr the CPU it
// used (its own, from process.resourceUsage, and that of the child processes it waited for, such as
// esbuild's, from /proc/self/stat) and its peak memory, as one line the benchmark reads.
import * as fs from "node:fs";

/** Clock ticks per second of /proc times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

function childrenCpuUs(): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces): state is field 3; cutime and cstime are 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1e6) / USER_HZ;
  } catch {
    return 0;
  }
}

process.on("exit", () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nusage ${JSON.stringify({ cpuUs: u.userCPUTime + u.systemCPUTime, childrenCpuUs: childrenCpuUs(), maxRssKiB: u.maxRSS })}\n`);
});
