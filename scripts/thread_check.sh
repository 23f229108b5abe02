#!/usr/bin/env bash
# "Threads never hurt": for every CPU benchmark suite, `sbi bench SUITE --thread-check` with K
# competing busy-loop processes (default 1), then the lowest ratio per suite
# (1-thread time / default-threads time; ≥ 1 means the default thread count did not hurt).
# usage: scripts/thread_check.sh [SBI] [K] [MIN_TIME]   (writes the full tables to stderr)
set -euo pipefail
sbi=${1:-build/cli/sbi}
load=${2:-1}
min_time=${3:-0.3}
echo "| suite | rows compared | lowest ratio | median ratio |"
echo "|---|---|---|---|"
for suite in autodiff nn flows mcmc simulators hodgkin_huxley; do
  table=$("$sbi" bench "$suite" --thread-check --competing-load "$load" --min-time "$min_time" 2>/dev/null)
  echo "$table" >&2
  echo "$table" | grep -oE ' ratio [0-9.]+$' | awk '{print $2}' | sort -g |
    awk -v s="$suite" '{ r[++n] = $1 } END { m = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
      printf "| %s | %d | %.3f | %.3f |\n", s, n, r[1], m }'
done
