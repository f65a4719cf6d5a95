#!/usr/bin/env bash
# The physml test command (CI runs exactly this): set up .venv, check that physml/ and README.md
# are in sync with the notebooks, run every notebook's tests with nbdev_test, and end with
# one line "N passed, N failed" (one count per notebook, plus the sync checks).
#   --slow   also run cells flagged `#| slow`, and render + browser-check the docs site
#   NB...    notebook names or globs to run instead of all (e.g. nbs/10_stokes.ipynb)
set -uo pipefail
cd "$(dirname "$0")/.."
slow=0; nbs=()
for a in "$@"; do case "$a" in --slow) slow=1;; *) nbs+=("$a");; esac; done
bash tools/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
[ ${#nbs[@]} -gt 0 ] || nbs=(nbs/[0-9]*.ipynb nbs/index.ipynb)
passed=0; failed=0; failures=()
ok()  { passed=$((passed+1)); printf 'PASS %-42s %5ss\n' "$1" "$2"; }
bad() { failed=$((failed+1)); failures+=("$1"); printf 'FAIL %-42s %5ss\n' "$1" "$2"; }
export MPLBACKEND=Agg PYTHONWARNINGS="ignore::DeprecationWarning"
t_all=$(date +%s)

# 1. the library must be what nbdev_export makes of the notebooks
snap() { find physml -name '*.py' -print0 | sort -z | xargs -0 sha256sum; }
before=$(snap); t0=$(date +%s)
if .venv/bin/nbdev_export && [ "$before" == "$(snap)" ]; then ok "library in sync (nbdev_export)" $(( $(date +%s)-t0 ))
else bad "library in sync (nbdev_export)" $(( $(date +%s)-t0 )); echo "  physml/ changed on nbdev_export: export and commit"; diff <(echo "$before") <(snap) | head; fi

# 2. README.md must be what nbs/index.ipynb renders to
t0=$(date +%s)
if .venv/bin/python tools/build_docs.py --check-readme; then ok "README.md in sync (index.ipynb)" $(( $(date +%s)-t0 ))
else bad "README.md in sync (index.ipynb)" $(( $(date +%s)-t0 )); fi

# 3. every notebook
flags=(); [ $slow = 1 ] && flags=(--flags slow)
log=$(mktemp)
for nb in "${nbs[@]}"; do
  t0=$(date +%s)
  if .venv/bin/nbdev_test --path "$nb" "${flags[@]}" >"$log" 2>&1; then ok "$nb" $(( $(date +%s)-t0 ))
  else bad "$nb" $(( $(date +%s)-t0 )); tail -40 "$log" | sed 's/^/    /'; fi
done

# 4. (--slow) the docs site renders and every page opens in headless Chromium without a traceback
if [ $slow = 1 ]; then
  t0=$(date +%s)
  if .venv/bin/python tools/build_docs.py --execute --check-browser >"$log" 2>&1; then ok "docs site + browser check" $(( $(date +%s)-t0 ))
  else bad "docs site + browser check" $(( $(date +%s)-t0 )); tail -30 "$log" | sed 's/^/    /'; fi
fi
rm -f "$log"
echo "total $(( $(date +%s)-t_all ))s"; [ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
