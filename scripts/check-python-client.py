#!/usr/bin/env python3
"""Generates a Python client from the OpenAPI document with
openapi-python-client, as a partner would, and fails if the generator
warns or leaves any success answer that has a body untyped.

An answer is untyped when the generated `_parse_response` gives it back
as `cast(Any, ...)` or the generator drops it (then the module lacks its
status). Answers without a body (204, a 202 that says "retry") have
nothing to type.

    python3 scripts/check-python-client.py openapi/openapi.json
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

# The generator types what it knows as a file by its content type: a PDF
# or a picture is bytes like any octet stream, and the API Engagement feed's XML is
# text like the CSV exports and calendar files. Formatting hooks (ruff)
# are not needed to read the result.
CONFIG = """\
content_type_overrides:
  application/pdf: application/octet-stream
  image/jpeg: application/octet-stream
  image/png: application/octet-stream
  application/xml: text/plain
post_hooks: []
"""


def snake(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def main(document):
    spec = json.loads(pathlib.Path(document).read_text())
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        (work / "config.yaml").write_text(CONFIG)
        run = subprocess.run(
            ["openapi-python-client", "generate", "--path", document, "--meta", "none",
             "--config", str(work / "config.yaml"), "--output-path", str(work / "client")],
            capture_output=True, text=True,
        )
        output = run.stdout + run.stderr
        if run.returncode != 0 or "Warning" in output or "Unable" in output or "Cannot parse" in output:
            print(output)
            raise SystemExit("openapi-python-client warned: some of the document is not typed")

        untyped, checked = [], 0
        for path, operations in spec["paths"].items():
            for method, op in operations.items():
                if not isinstance(op, dict) or "operationId" not in op:
                    continue
                tag = snake(op.get("tags", ["default"])[0])
                name = snake(op["operationId"])
                folder = work / "client" / "api" / tag
                # A name Python reserves or shadows gets a trailing `_`.
                module = next(
                    (m for m in (folder / f"{name}.py", folder / f"{name}_.py") if m.exists()), None
                )
                source = module.read_text() if module else ""
                for status, answer in op.get("responses", {}).items():
                    if not status.startswith("2") or not answer.get("content"):
                        continue
                    checked += 1
                    parsed = re.search(
                        rf"if response.status_code == {status}:\n(.*?)return", source, re.S
                    )
                    if not parsed or "cast(Any" in parsed.group(1):
                        untyped.append(f"{method.upper()} {path} {status}")
        if untyped:
            raise SystemExit("untyped success answers:\n  " + "\n  ".join(untyped))
        print(f"openapi-python-client: all {checked} success answers with a body are typed")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "openapi/openapi.json")
