#!/usr/bin/env bash
# Lint every BPMN model under bpmn/ (any depth) with bpmnlint and the repository's .bpmnlintrc
# (bpmnlint:recommended + camunda-compat for Camunda 7.24). Any error or warning fails.
# Run from anywhere: bash .ci/lint-bpmn.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.ci/bpmn"
CONFIG="$ROOT/.bpmnlintrc"

mapfile -d '' FILES < <(find "$ROOT/bpmn" -type f -name '*.bpmn' -print0 2>/dev/null | sort -z)

if [ "${#FILES[@]}" -eq 0 ]; then
  echo "bpmn lint: no .bpmn file under bpmn/ yet, nothing to lint"
  exit 0
fi

echo "==> npm ci in .ci/bpmn"
(cd "$TOOLS" && npm ci --no-audit --no-fund)

echo "==> bpmnlint (config: .bpmnlintrc) on ${#FILES[@]} file(s):"
printf '    %s\n' "${FILES[@]#"$ROOT/"}"

# bpmnlint resolves the plug-ins named in .bpmnlintrc from the working directory, so it runs
# inside .ci/bpmn (where node_modules is); the config and the files are passed as absolute paths.
status=0
(cd "$TOOLS" && ./node_modules/.bin/bpmnlint --config "$CONFIG" --max-warnings=0 "${FILES[@]}") || status=$?

if [ "$status" -eq 0 ]; then
  echo "bpmn lint: OK, ${#FILES[@]} file(s) without errors or warnings"
else
  echo "bpmn lint: FAILED (bpmnlint exit code $status) - see the problems listed above"
fi
exit "$status"
