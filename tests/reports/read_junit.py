"""Reads a JUnit file with Debian's python3-junitparser and prints what it understood as JSON, for
tests/Pester/Report.Tests.ps1 to compare with the rows that went in. Run with /usr/bin/python3."""
import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped

xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for suite in xml:
    cases = []
    for case in suite:
        result = case.result[0] if case.result else None
        status = {Failure: "failure", Error: "error", Skipped: "skipped"}.get(type(result), "passed")
        cases.append({
            "name": case.name,
            "classname": case.classname,
            "status": status,
            "message": result.message if result is not None else None,
            "body": result.text if result is not None else None,
        })
    suites.append({
        "name": suite.name,
        "tests": suite.tests,
        "failures": suite.failures,
        "errors": suite.errors,
        "skipped": suite.skipped,
        "timestamp": suite.timestamp,
        "cases": cases,
    })
print(json.dumps({"root": {"tests": xml.tests, "failures": xml.failures, "errors": xml.errors}, "suites": suites}))
