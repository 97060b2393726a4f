#!/usr/bin/env bash
# Share of a profile's samples spent in frames matching each pattern (a frame anywhere in the
# stack, so a feature's callees count towards it), from the .collapsed files profile.sh writes:
#
#   benchmarks/load/share.sh benchmarks/target/profiles/memory-c32-itimer.collapsed 'RateLimit' 'logback'
#
# A share is a proportion of the same run's samples, so neighbours on the machine move it far
# less than they move a throughput figure. Compiler and GC threads are counted in the total:
# the share is of the whole server process.
set -euo pipefail
file=$1; shift
total=$(awk '{ s += $NF } END { print s }' "$file")
for pattern in "$@"; do
  n=$({ grep -E -e "$pattern" "$file" || true; } | awk '{ s += $NF } END { print s + 0 }')
  awk -v n="$n" -v t="$total" -v p="$pattern" 'BEGIN { printf "%6.2f%%  %s  (%d of %d samples)\n", 100 * n / t, p, n, t }'
done
