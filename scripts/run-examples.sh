#!/usr/bin/env bash
# Quick start, first command: set up and convert every example in examples/ into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -rf out
set +e
.venv/bin/harmonise convert examples/ --to json,jsonl --out out/ --report out/report.json
status=$?
set -e
echo "outputs in out/, report in out/report.json (exit code $status)"
exit $status
