// Preloaded with `node -r` by the benchmark: reports the process's peak memory when it exits.
process.on("exit", () => {
  process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`);
});
