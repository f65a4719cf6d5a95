#!/usr/bin/env bash
# Create or reuse .venv at the repo root and install physml with its dev extras.
# torch is installed first and pinned (tools/constraints.txt): any other torch spec pulls a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet() { sed -u '/is ignored: it is neither a file nor a directory/d'; }
[ -x .venv/bin/python ] || { echo "setup: creating .venv"; "${PYTHON:-python3}" -m venv .venv; }
export PIP_DISABLE_PIP_VERSION_CHECK=1
stamp=.venv/.physml-setup
want=$(cat settings.ini setup.py tools/constraints.txt | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! .venv/bin/python -c "import physml" 2>/dev/null; then
  echo "setup: installing torch==2.13.0 (CPU) and physml[dev] into .venv"
  .venv/bin/pip install -q torch==2.13.0 2>&1 | quiet
  .venv/bin/pip install -q -c tools/constraints.txt -e ".[dev]" 2>&1 | quiet
  echo "$want" > "$stamp"
fi
.venv/bin/python - <<'PY'
import torch, physml
assert torch.__version__.startswith('2.13.0'), f"torch must stay at 2.13.0, found {torch.__version__}"
print(f"setup: .venv ready (physml {physml.__version__}, torch {torch.__version__})")
PY
if command -v quarto >/dev/null 2>&1; then echo "setup: quarto $(quarto --version)"
else echo "setup: quarto not found (PyPI's quarto-cli downloads its binary at build time, which fails offline); docs use tools/build_docs.py"; fi
