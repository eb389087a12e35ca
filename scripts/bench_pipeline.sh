#!/usr/bin/env bash
# Whole-pipeline benchmark of the `netral` command line: read an archive, screen every record,
# write the verdicts. Measures wall time, throughput and peak memory with 1 and 2 threads, and,
# when ripgrep is installed, compares netral with a plain case-insensitive search for the same
# terms (`rg -i -F -f TERMS`), which is the floor any keyword screener is measured against.
# Every scan's summary is checked (every record screened, no error record, the same number
# flagged in every run), so a fast wrong answer stops the benchmark instead of being timed.
#
# usage: scripts/bench_pipeline.sh [N] [--real]
#
#   N       number of records in the archive (default 100000)
#   --real  build the archive from real 2023-2024 tweets with ../shared/bench/make_corpus.py
#           when that file exists beside the repository; otherwise, and by default, the
#           synthetic archive of scripts/gen_archive.py is used
#
# Needs cargo and python3. Peak memory comes from GNU time (/usr/bin/time -v; Debian package
# `time`); without it the table shows no RSS. Wall times are taken with bash's microsecond
# clock around each run, finer than the 10 ms that time -v reports. Everything generated goes
# to a temporary directory that is removed on exit.
set -euo pipefail

usage() {
    # The usage block of the comment above: its first line, an empty line, and the options up
    # to the next empty line.
    awk '/^# usage:/ { p = 1 } p && /^#$/ && ++blank == 2 { exit } p' "${BASH_SOURCE[0]}" |
        sed 's/^# \{0,1\}//'
}

n=100000
real=0
for arg in "$@"; do
    case $arg in
        --real) real=1 ;;
        -h | --help)
            usage
            exit 0
            ;;
        '' | *[!0-9]*)
            usage >&2
            exit 2
            ;;
        *) n=$((10#$arg)) ;;
    esac
done
if ((n < 1)); then
    echo "bench_pipeline: N must be at least 1" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/netral-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Seconds since the epoch with microseconds; EPOCHREALTIME follows the locale's decimal mark.
now() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        printf '%s\n' "${EPOCHREALTIME/,/.}"
    else
        date +%s.%N
    fi
}

# calc EXPR [VAR=VALUE...]: evaluate an awk expression and print the result. The value is
# assigned before it is printed: in `print a > b` awk would read `>` as a redirection to a file.
calc() {
    local expr=$1
    shift
    local args=()
    local kv
    for kv in "$@"; do
        args+=(-v "$kv")
    done
    awk "${args[@]}" "BEGIN { value = ($expr); print value }"
}

# A scan may exit 1 to say it flagged something; 2 and above, or an `error:` line, is a failure.
check_status() {
    local status=$1 log=$2 what=$3
    if ((status > 1)) || grep -qi '^error' "$log"; then
        echo "bench_pipeline: $what failed (exit $status):" >&2
        # Leave out the resource report of time -v (tab-indented) to show the program's own words.
        grep -v -e $'^\t' -e '^Command exited' "$log" | tail -n 20 >&2
        exit 1
    fi
}

# check_summary FILE WHAT: the scan's summary says it screened every record of the archive,
# with no error record, and flagged as many records as the first scan did, so that a fast
# wrong answer does not pass.
flagged=""
check_summary() {
    local file=$1 what=$2 counts
    if ! counts=$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["records"], s["screened"], s["errors"], s["flagged"])
' "$file" 2>/dev/null); then
        echo "bench_pipeline: $what wrote no readable summary ($file)" >&2
        exit 1
    fi
    local got screened errors flags
    read -r got screened errors flags <<<"$counts"
    if ((got != records || screened != records || errors != 0)); then
        echo "bench_pipeline: $what screened $screened of the archive's $records records" \
            "(read: $got, error records: $errors)" >&2
        exit 1
    fi
    if [[ -z $flagged ]]; then
        flagged=$flags
    elif ((flags != flagged)); then
        echo "bench_pipeline: $what flagged $flags records where an earlier run flagged" \
            "$flagged" >&2
        exit 1
    fi
}

echo "building: cargo build --release" >&2
cargo build --release >&2
netral=${CARGO_TARGET_DIR:-$root/target}/release/netral
if [[ ! -x $netral ]]; then
    echo "bench_pipeline: $netral was not built" >&2
    exit 1
fi

archive=$tmp/archive.jsonl
corpus=$root/../shared/bench/make_corpus.py
if ((real)) && [[ -f $corpus ]]; then
    origin="real tweets, $(basename "$corpus")"
    echo "making archive: python3 $corpus $n" >&2
    python3 "$corpus" "$n" >"$archive"
else
    if ((real)); then
        echo "note: $corpus not found; using the synthetic archive instead" >&2
    fi
    origin="synthetic, scripts/gen_archive.py"
    echo "making archive: python3 scripts/gen_archive.py $n" >&2
    python3 scripts/gen_archive.py "$n" >"$archive"
fi
records=$(wc -l <"$archive")
records=$((records))
bytes=$(wc -c <"$archive")
bytes=$((bytes))
cat "$archive" >/dev/null # start every run from the page cache

have_time=0
if [[ -x /usr/bin/time ]]; then
    have_time=1
else
    echo "note: /usr/bin/time not found (apt-get install time); timing with bash, no peak RSS" >&2
fi

# run_scan THREADS: one full scan; sets `wall` (seconds) and `rss` (MiB or n/a).
run_scan() {
    local threads=$1
    local log=$tmp/scan-$threads.log
    local t0 t1 kb status=0
    local summary=$tmp/summary-$threads.json
    local cmd=("$netral" scan --all --threads "$threads" --output /dev/null
        --summary-json "$summary" "$archive")
    t0=$(now)
    if ((have_time)); then
        /usr/bin/time -v "${cmd[@]}" 2>"$log" || status=$?
    else
        "${cmd[@]}" 2>"$log" || status=$?
    fi
    t1=$(now)
    check_status "$status" "$log" "netral scan --threads $threads"
    check_summary "$summary" "netral scan --threads $threads"
    wall=$(calc 'b - a' a="$t0" b="$t1")
    rss=n/a
    if ((have_time)); then
        kb=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$log")
        if [[ -n $kb ]]; then
            rss=$(calc 'sprintf("%.1f", kb / 1024)' kb="$kb")
        fi
    fi
}

# best_of3 CMD...: the shortest wall time of three runs; standard output is discarded.
best_of3() {
    local best="" t0 t1 t i status
    local log=$tmp/best.log
    for i in 1 2 3; do
        status=0
        t0=$(now)
        "$@" >/dev/null 2>"$log" || status=$?
        t1=$(now)
        check_status "$status" "$log" "$1 (run $i)"
        t=$(calc 'b - a' a="$t0" b="$t1")
        if [[ -z $best ]] || (($(calc 't < best' t="$t" best="$best"))); then
            best=$t
        fi
    done
    printf '%s\n' "$best"
}

# Each thread count runs three times: the shortest wall time is reported (the others were
# slowed by something else on the machine), with the largest peak memory of the three.
declare -A walls rsses
for threads in 1 2; do
    echo "scanning: netral scan --all --threads $threads, 3 runs" >&2
    walls[$threads]=""
    rsses[$threads]=n/a
    for _ in 1 2 3; do
        run_scan "$threads"
        if [[ -z ${walls[$threads]} ]] || (($(calc '(w < b)' w="$wall" b="${walls[$threads]}"))); then
            walls[$threads]=$wall
        fi
        if [[ $rss != n/a ]] && { [[ ${rsses[$threads]} == n/a ]] ||
            (($(calc '(r > m)' r="$rss" m="${rsses[$threads]}"))); }; then
            rsses[$threads]=$rss
        fi
    done
done

mb=$(calc 'sprintf("%.1f", bytes / 1e6)' bytes="$bytes")
echo
echo "netral whole-pipeline benchmark"
printf '  archive  %s records, %s MB (%s)\n' "$records" "$mb" "$origin"
printf '  flagged  %s records, the same in every run\n' "$flagged"
printf '  machine  %s CPUs, %s\n' "$(nproc 2>/dev/null || echo '?')" "$(uname -sm)"
echo
printf '  %-8s %9s %12s %9s %14s\n' threads "wall s" "records/s" "MB/s" "peak RSS MiB"
# (wall: best of 3 runs; peak RSS: largest of the 3)
for threads in 1 2; do
    w=${walls[$threads]}
    printf '  %-8s %9s %12s %9s %14s\n' "$threads" \
        "$(calc 'sprintf("%.3f", w)' w="$w")" \
        "$(calc 'sprintf("%.0f", r / w)' r="$records" w="$w")" \
        "$(calc 'sprintf("%.1f", b / 1e6 / w)' b="$bytes" w="$w")" \
        "${rsses[$threads]}"
done
printf '  speed-up, 2 threads vs 1: %sx\n' \
    "$(calc 'sprintf("%.2f", a / b)' a="${walls[1]}" b="${walls[2]}")"

echo
if ! command -v rg >/dev/null 2>&1; then
    echo "  ripgrep (rg) is not installed, so the comparison with a plain term search is skipped."
    echo "  Get it with: apt-get install ripgrep  (or: cargo install ripgrep)"
    exit 0
fi

terms=$tmp/terms.txt
status=0
"$netral" lexicon terms >"$terms" 2>"$tmp/terms.log" || status=$?
if ((status != 0)); then
    echo "bench_pipeline: netral lexicon terms failed (exit $status):" >&2
    tail -n 20 "$tmp/terms.log" >&2
    exit 1
fi
# An empty pattern would match every line and turn the search into a line count.
awk 'NF > 0' "$terms" >"$terms.nonempty"
nterms=$(wc -l <"$terms.nonempty")
nterms=$((nterms))
if ((nterms == 0)); then
    echo "bench_pipeline: netral lexicon terms printed no terms" >&2
    exit 1
fi

echo "timing: rg and netral (2 threads), best of 3 runs each" >&2
rg_wall=$(best_of3 rg --count-matches -i -F -f "$terms.nonempty" "$archive")
nt_wall=$(best_of3 "$netral" scan --all --threads 2 --output /dev/null \
    --summary-json "$tmp/summary-rg.json" "$archive")
check_summary "$tmp/summary-rg.json" "netral scan --threads 2"

printf '  against ripgrep, %s terms from "netral lexicon terms", best of 3 runs\n' "$nterms"
printf '  %-40s %9s %9s\n' command "wall s" "MB/s"
printf '  %-40s %9s %9s\n' "rg --count-matches -i -F -f TERMS" \
    "$(calc 'sprintf("%.3f", w)' w="$rg_wall")" \
    "$(calc 'sprintf("%.1f", b / 1e6 / w)' b="$bytes" w="$rg_wall")"
printf '  %-40s %9s %9s\n' "netral scan --all --threads 2" \
    "$(calc 'sprintf("%.3f", w)' w="$nt_wall")" \
    "$(calc 'sprintf("%.1f", b / 1e6 / w)' b="$bytes" w="$nt_wall")"
printf '  ratio netral / rg wall time: %s\n' \
    "$(calc 'sprintf("%.2f", a / b)' a="$nt_wall" b="$rg_wall")"
