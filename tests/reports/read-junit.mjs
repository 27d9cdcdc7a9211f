// Reads a JUnit file with junit2json (an npm JUnit reader) and prints what it understood as JSON, for
// tests/Pester/Report.Tests.ps1 to compare with the rows that went in.
import { readFile } from 'node:fs/promises';
import { parse } from 'junit2json';

const parsed = await parse(await readFile(process.argv[2], 'utf8'));
const suites = parsed.testsuite ?? [];
const summary = {
  root: { tests: parsed.tests, failures: parsed.failures, errors: parsed.errors },
  suites: suites.map((suite) => ({
    name: suite.name,
    tests: suite.tests,
    failures: suite.failures,
    errors: suite.errors,
    skipped: suite.skipped,
    timestamp: suite.timestamp,
    cases: (suite.testcase ?? []).map((c) => ({
      name: c.name,
      classname: c.classname,
      status: c.failure ? 'failure' : c.error ? 'error' : c.skipped ? 'skipped' : 'passed',
      message: (c.failure ?? c.error ?? c.skipped ?? [{}])[0].message ?? null,
      body: (c.failure ?? c.error ?? [{}])[0].inner ?? null,
    })),
  })),
};
process.stdout.write(JSON.stringify(summary));
