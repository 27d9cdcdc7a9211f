"""Validates a SARIF file against the bundled OASIS SARIF 2.1.0 schema (errata 01) with Debian's
python3-jsonschema, formats included: uri and uri-reference through python3-rfc3987; date-time, whose checker
needs a module Debian does not package, through an RFC 3339 pattern here. Prints each error and exits 1 when
there is any. Run with /usr/bin/python3."""
import json
import os
import re
import sys

import jsonschema

schema_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sarif-schema-2.1.0.json")
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
with open(sys.argv[1], encoding="utf-8") as f:
    document = json.load(f)

jsonschema.Draft4Validator.check_schema(schema)
# Every format the schema names, not only draft 4's own: the schema also uses uri-reference.
checker = jsonschema.FormatChecker()
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
checker.checks("date-time")(lambda value: not isinstance(value, str) or RFC3339.match(value) is not None)
missing = [name for name in ("uri", "uri-reference") if name not in checker.checkers]
if missing:
    print("format checkers missing (install python3-rfc3987): " + ", ".join(missing))
    sys.exit(2)
validator = jsonschema.Draft4Validator(schema, format_checker=checker)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
for error in errors:
    print("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
print(f"{len(errors)} schema errors")
sys.exit(1 if errors else 0)
