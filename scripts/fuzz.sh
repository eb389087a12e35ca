#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for SECONDS each (default 60), or only the TARGETs named.
#
#   scripts/fuzz.sh                 every target, 60 s each
#   scripts/fuzz.sh 3600 csv        the CSV reader for an hour
#
# With a nightly toolchain it uses cargo-fuzz (installing it from crates.io if it is missing),
# which adds AddressSanitizer; otherwise it builds the targets on stable with libFuzzer's
# coverage instrumentation passed through RUSTFLAGS (FUZZ_WITH=stable or FUZZ_WITH=cargo-fuzz
# chooses instead of detecting). The corpus grows in fuzz/corpus/TARGET
# between runs; a crash is saved in fuzz/artifacts/TARGET/ and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^netral-fuzz$')
fi

# Seeds: the example archives for the archive readers, the bundled pack for the pack loader.
seed() {
    local target=$1 dir=fuzz/corpus/$1
    mkdir -p "$dir" "fuzz/artifacts/$target"
    case $target in
        archive | csv) cp -n examples/data/* "$dir"/ 2>/dev/null || true ;;
        pack) cp -n lexicons/*.toml "$dir"/ 2>/dev/null || true ;;
        normalize) printf 'J\x11tJ\x130\x131\tt' > "$dir/idempotence-joined-digits" ;;
    esac
}

if [ -n "${FUZZ_WITH:-}" ]; then
    mode=$FUZZ_WITH # `stable` or `cargo-fuzz`, to choose rather than detect
elif cargo +nightly --version > /dev/null 2>&1; then
    mode=cargo-fuzz
else
    mode=stable
fi
echo "== fuzzing with $mode: ${targets[*]}, ${seconds} s each"

host=$(rustc -vV | sed -n 's/^host: //p')
if [ "$mode" = cargo-fuzz ]; then
    if ! cargo +nightly fuzz --version > /dev/null 2>&1; then
        echo "== installing cargo-fuzz"
        cargo install --locked cargo-fuzz
    fi
    (cd fuzz && cargo +nightly fuzz build --release)
    binary() { echo "fuzz/target/$host/release/$1"; }
else
    # What cargo-fuzz passes, less the sanitizer, which needs nightly. `--target` keeps the
    # instrumentation off build scripts and procedural macros.
    RUSTFLAGS="-Cpasses=sancov-module \
        -Cllvm-args=-sanitizer-coverage-level=4 \
        -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
        -Cllvm-args=-sanitizer-coverage-pc-table \
        -Cllvm-args=-sanitizer-coverage-trace-compares \
        --cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
        cargo build --release --manifest-path fuzz/Cargo.toml --target "$host" --bins
    binary() { echo "fuzz/target/$host/release/$1"; }
fi

failed=()
for target in "${targets[@]}"; do
    seed "$target"
    echo "== $target"
    if ! "$(binary "$target")" "fuzz/corpus/$target" \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
        -artifact_prefix="fuzz/artifacts/$target/" -print_final_stats=1; then
        failed+=("$target")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found failures in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "== fuzzing: no failure in ${#targets[@]} targets"
