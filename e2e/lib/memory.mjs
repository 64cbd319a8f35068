// Memory of an app's process tree, read from /proc: what `make measure` and `make
// long-session` report. For each process: VmRSS, RssAnon (heaps and caches; the rest of the
// RSS is file-backed: the binary and the shared libraries' mapped code, and shared memory) and
// Pss from smaps_rollup (each shared page divided among the processes that map it).

import { readFileSync } from "node:fs";
import { processName, processTree } from "./harness.mjs";

const field = (text, name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);

/** One process's memory in kB, or null when it is gone. */
export function processMemoryKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    let pss = 0;
    try {
      pss = field(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss");
    } catch {
      // smaps_rollup may be unreadable; Pss is then 0.
    }
    return {
      pid,
      name: processName(pid),
      rss_kb: field(status, "VmRSS"),
      pss_kb: pss,
      rss_anon_kb: field(status, "RssAnon"),
      rss_file_and_shmem_kb: field(status, "RssFile") + field(status, "RssShmem"),
    };
  } catch {
    return null; // ended meanwhile
  }
}

/** The memory of `rootPid` and all its descendants: per process, and summed (kB). */
export function treeMemoryKb(rootPid) {
  const processes = processTree(rootPid).map(processMemoryKb).filter(Boolean);
  const sum = (key) => processes.reduce((total, p) => total + p[key], 0);
  return {
    rss_kb: sum("rss_kb"),
    pss_kb: sum("pss_kb"),
    rss_anon_kb: sum("rss_anon_kb"),
    rss_file_and_shmem_kb: sum("rss_file_and_shmem_kb"),
    processes,
  };
}

/** kB to MB with one decimal. */
export const mb = (kb) => Math.round((kb / 1024) * 10) / 10;

/** A tree's figures in MB: `{ rss_mb, pss_mb, rss_anon_mb, rss_file_and_shmem_mb }`. */
export function inMb(memory) {
  return {
    rss_mb: mb(memory.rss_kb),
    pss_mb: mb(memory.pss_kb),
    rss_anon_mb: mb(memory.rss_anon_kb),
    rss_file_and_shmem_mb: mb(memory.rss_file_and_shmem_kb),
  };
}
