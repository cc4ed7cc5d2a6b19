// Prints the plain closing line 'N passed, N failed' that CI reads. It is written when the
// process exits so that it stays the last line, after jest's own summary. Before it, the ten
// slowest suites, so that the CI budget (ten minutes) can be watched and spent where it counts.
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.durations = [];
  }

  onTestResult(_test, result) {
    const seconds = (result.perfStats.end - result.perfStats.start) / 1000;
    this.durations.push([seconds, path.relative(this.rootDir, result.testFilePath)]);
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const slowest = this.durations.sort((a, b) => b[0] - a[0]).slice(0, 10);
    const lines = slowest.length > 1 ? ['Slowest suites:', ...slowest.map(([s, file]) => `  ${s.toFixed(1).padStart(6)} s  ${file}`), ''] : [];
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stdout.write(lines.join('\n') + line));
  }
}
module.exports = SummaryReporter;
