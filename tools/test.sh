#!/usr/bin/env bash
# The physml test command (CI runs exactly this): set up .venv, check that physml/ and README.md
# are in sync with the notebooks, run every notebook's tests with nbdev_test, and end with
# one line "N passed, N failed" (one count per notebook, plus the sync checks).
#   --slow   also run cells flagged `#| slow`, and render + browser-check the docs site
#   NB...    notebook names or globs to run instead of all (e.g. nbs/10_crystal.stokes.ipynb)
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

# 4. experiment logs keep their outputs as evidence: nbval re-runs them and compares every stored output
exps=(); for nb in "${nbs[@]}"; do case "$nb" in *.experiments.ipynb) exps+=("$(basename "$nb")");; esac; done
if [ ${#exps[@]} -gt 0 ]; then
  t0=$(date +%s)
  # nbdev_clean empties execution counts, and nbval skips the comparison of a cell whose count is empty ("unrun"):
  # compare on copies whose code cells are numbered (nbs/.nbval-*.ipynb, deleted afterwards)
  copies=$(.venv/bin/python - "${exps[@]}" <<'PY'
import json, sys
for name in sys.argv[1:]:
    nb = json.load(open(f'nbs/{name}'))
    for i, c in enumerate(c for c in nb['cells'] if c['cell_type'] == 'code'): c['execution_count'] = i + 1
    json.dump(nb, open(f'nbs/.nbval-{name}', 'w'))
    print(f'.nbval-{name}')
PY
)
  if (cd nbs && ../.venv/bin/pytest -q -p no:cacheprovider --nbval $copies) >"$log" 2>&1; then ok "experiment logs match their stored outputs (nbval)" $(( $(date +%s)-t0 ))
  else bad "experiment logs match their stored outputs (nbval)" $(( $(date +%s)-t0 )); tail -40 "$log" | sed 's/^/    /'; fi
  (cd nbs && rm -f $copies)
fi

# 5. every other notebook is committed clean (no outputs): only experiment logs carry results
t0=$(date +%s)
dirty=$(.venv/bin/python - "${nbs[@]}" <<'PY'
import json, sys
for p in sys.argv[1:]:
    if p.endswith('.experiments.ipynb'): continue
    if any(c.get('outputs') for c in json.load(open(p))['cells']): print(p)
PY
)
if [ -z "$dirty" ]; then ok "library notebooks carry no outputs" $(( $(date +%s)-t0 ))
else bad "library notebooks carry no outputs" $(( $(date +%s)-t0 )); echo "$dirty" | sed 's/^/    has outputs: /'; fi

# 6. (--slow) the docs site renders (notebooks executed), and headless Chromium opens every page at 1300 and 800 px:
#    no broken image, no page wider than the window or content cut off, no formula left unrendered, no traceback.
#    The check first proves itself on a planted site (one page per fault must fail, a clean page must pass).
if [ $slow = 1 ]; then
  t0=$(date +%s)
  if .venv/bin/python tools/build_docs.py --execute --check-browser >"$log" 2>&1; then ok "docs site + browser check" $(( $(date +%s)-t0 ))
  else bad "docs site + browser check" $(( $(date +%s)-t0 )); grep -E '^(PROBLEM|self-test FAIL)' "$log" | head -40 | sed 's/^/    /'; tail -5 "$log" | sed 's/^/    /'; fi
fi
rm -f "$log"
echo "total $(( $(date +%s)-t_all ))s"; [ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
