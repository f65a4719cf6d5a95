#!/usr/bin/env bash
# The main job: set up .venv if needed, then run the end-to-end demo on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
exec .venv/bin/physml demo "$@"
