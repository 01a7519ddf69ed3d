'use strict';
// oa-sim's JavaScript harness: plays each case's calls on the candidate's class and writes the
// answers, as JSON lines, to the events file the job names (the protocol of oa_sim/grading/runner.py).
//
// The main thread never runs candidate code. A worker thread loads the solution afresh for every
// case and plays its calls; the main thread times each case, and ends the worker when a case runs
// past its limit, calls process.exit(), runs out of memory or prints without end, then starts a new
// worker for the next case. Expected values never reach this process: it only answers.
//
//   node harness.js <job.json>           run a job
//   node harness.js --wait <parent pid>  start up, then read the job's path from stdin

const fs = require('node:fs');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

if (isMainThread) {
  main();
} else {
  workerMain();
}

// -- main thread ----------------------------------------------------------------------------------

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--wait') {
    watchParent(Number(args[1]));
    const spare = startWorker(); // start-up overlaps with the parent's
    readLine(process.stdin, (line) => {
      if (!line.trim()) process.exit(0); // the parent went on without us
      runJob(line.trim(), spare);
    });
  } else {
    runJob(args[0], null);
  }
}

function runJob(jobPath, spare) {
  const job = JSON.parse(fs.readFileSync(jobPath, 'utf8'));
  watchParent(job.parent_pid);
  const folder = path.dirname(path.resolve(jobPath));
  const events = fs.openSync(job.events, 'a');
  const token = String(job.token || '');
  // A case's answers arrive as JSON text (a scale case has tens of thousands): spliced in, not re-encoded.
  const emit = (event, answersJson) => {
    const line = JSON.stringify(event);
    // The run's token opens every line, after a line break: what the candidate's code writes to this
    // descriptor is a line of its own, without the token, and the parent ignores it.
    fs.writeSync(events, `\n${token}${answersJson === undefined ? line : `${line.slice(0, -1)},"answers":${answersJson}}`}\n`);
  };
  const skip = new Set(job.skip);
  const cases = job.cases.filter((c) => !skip.has(c.id));
  emit({ ev: 'collected', tests: cases.map((c) => ({ nodeid: c.id })) });
  const settings = {
    folder,
    solution: path.join(folder, job.solution_file),
    solutionFile: job.solution_file,
    // The candidate's files, the solution's first: where an error was raised is named in one of them.
    sourceFiles: [job.solution_file, ...(job.extra_files || [])],
    implClass: job.impl_class,
    limitMs: job.test_time_limit * 1000,
    loadLimitMs: (job.load_time_limit || job.test_time_limit) * 1000,
    wallLimitMs: (job.wall_time_limit || job.test_time_limit) * 1000,
    outputLimit: job.output_limit_bytes,
    fileSizeLimit: job.file_size_limit,
    memoryMb: job.memory_limit_mb,
  };
  let worker = spare;
  let index = 0;
  const next = () => {
    if (index >= cases.length) {
      emit({ ev: 'finish' });
      process.exit(0);
    }
    const current = cases[index++];
    if (worker === null) worker = startWorker(settings.memoryMb);
    emit({ ev: 'start', nodeid: current.id });
    playOne(worker, current, settings, emit, (keep) => {
      if (!keep) {
        worker.terminate();
        worker = null;
      }
      next();
    });
  };
  next();
}

function startWorker(memoryMb) {
  return new Worker(__filename, {
    stdout: true,
    stderr: true,
    resourceLimits: memoryMb ? { maxOldGenerationSizeMb: memoryMb } : undefined,
  });
}

// Play one case in ``worker``; ``done(keep)`` says whether the worker can serve the next case.
function playOne(worker, current, settings, emit, done) {
  const started = process.hrtime.bigint();
  let cpuStart = null;
  let output = '';
  let written = 0;
  let finished = false;
  // What the limit counts: CPU time once the solution is loaded (wall time before then).
  const elapsed = () => {
    if (cpuStart === null) return Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpuStart);
    return (used.user + used.system) / 1e6;
  };
  const finish = (fields, keep) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    clearInterval(cpuWatch);
    for (const stream of [worker.stdout, worker.stderr]) stream.removeListener('data', onOutput);
    worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
    const detail = [fields.detail || '', output ? `--- output ---\n${clip(output, settings.outputLimit)}` : '']
      .filter(Boolean)
      .join('\n\n');
    const { answersJson, ...rest } = fields;
    emit({ ev: 'result', nodeid: current.id, duration: elapsed(), import_error: false, message: '', ...rest, detail }, answersJson);
    done(keep);
  };
  const onOutput = (chunk) => {
    written += chunk.length;
    if (output.length < settings.outputLimit) output += chunk.toString('utf8');
    if (written > settings.fileSizeLimit) {
      const mib = Math.floor(settings.fileSizeLimit / 1048576);
      finish({ outcome: 'error', message: `your code wrote more output than the grader accepts (${mib} MiB)` }, false);
    }
  };
  for (const stream of [worker.stdout, worker.stderr]) stream.on('data', onOutput);
  // Loading the solution has an allowance of its own; the case's limit starts once it is loaded.
  let cpuWatch = null;
  let timer = setTimeout(() => {
    const message = `still loading ${settings.solutionFile} after ${settings.loadLimitMs / 1000} s`;
    finish({ outcome: 'timeout', message, import_error: true }, false);
  }, settings.loadLimitMs);
  worker.on('message', (reply) => {
    if (reply.loaded) {
      // The limit is CPU time, so a busy machine cannot time out a fast solution (this thread only
      // waits meanwhile); a wall-clock backstop catches code that waits rather than computes.
      clearTimeout(timer);
      cpuStart = process.cpuUsage();
      const timedOut = () => finish({ outcome: 'timeout', message: `timed out after ${settings.limitMs / 1000} s` }, false);
      timer = setTimeout(timedOut, settings.wallLimitMs);
      cpuWatch = setInterval(() => {
        if (elapsed() * 1000 > settings.limitMs) timedOut();
      }, 10);
      return emit({ ev: 'loaded' });
    }
    if (reply.overflow) {
      const mib = Math.floor(settings.fileSizeLimit / 1048576);
      return finish({ outcome: 'error', message: `your code wrote more output than the grader accepts (${mib} MiB)` }, false);
    }
    if (reply.output) output += reply.output;
    if (reply.loadError) {
      const { message, detail } = reply.loadError;
      return finish({ outcome: 'error', message, detail, import_error: true }, true);
    }
    finish({ outcome: 'answered', answersJson: reply.answers }, true);
  });
  worker.on('error', (error) => {
    const memory = error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const message = memory
      ? `ran out of memory (limit ${settings.memoryMb} MiB)`
      : `your code raised ${describe(error)} outside any call (in a callback or a promise)`;
    finish({ outcome: 'error', message, detail: memory ? '' : String((error && error.stack) || error) }, false);
  });
  worker.on('exit', (code) => {
    finish({ outcome: 'error', message: `your code called process.exit(${code})` }, false);
  });
  worker.postMessage({ settings, calls: current.calls }); // JSON text, as the job has it: the worker parses it
}

function watchParent(parentPid) {
  // The harness must not outlive oa-sim: once it is gone, this process is re-parented.
  if (!parentPid) return;
  setInterval(() => {
    if (process.ppid !== parentPid) process.exit(1);
  }, 500).unref();
}

function readLine(stream, callback) {
  let text = '';
  let answered = false;
  const answer = (line) => {
    if (answered) return;
    answered = true;
    stream.removeAllListeners('data');
    stream.removeAllListeners('end');
    stream.pause();
    callback(line);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    text += chunk;
    const end = text.indexOf('\n');
    if (end >= 0) answer(text.slice(0, end));
  });
  stream.on('end', () => answer(text));
}

function clip(text, limit) {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n[output clipped]`;
}

// -- worker thread: the only place candidate code runs --------------------------------------------

function workerMain() {
  // Node compiles a module loaded through a patched wrapper with vm.Script, whose compiled code V8
  // keeps by source text: the candidate's files, loaded afresh for every case, are then compiled
  // once, and each fresh load still runs them anew, with new state. Setting the wrapper to itself
  // is the patch (about 0.4 ms a case).
  const Module = require('node:module');
  Module.wrap = Module.wrap; // eslint-disable-line no-self-assign
  let output = null;
  parentPort.on('message', ({ settings, calls }) => {
    if (output === null) output = captureOutput(settings);
    output.reset();
    const loaded = load(settings);
    if (loaded.error) {
      parentPort.postMessage({ loadError: loaded.error });
      return;
    }
    const parsed = JSON.parse(calls); // before "loaded": reading the calls is no part of the case's time
    parentPort.postMessage({ loaded: true });
    const answers = play(loaded.Class, parsed, settings);
    parentPort.postMessage({ answers: JSON.stringify(answers), output: output.text() });
  });
}

function captureOutput(settings) {
  // console and process.stdout/stderr write here, synchronously: the first bytes are kept for the
  // report, the rest only counted, and past the limit the main thread is told at once (the loop
  // that prints may never return).
  let kept = '';
  let written = 0;
  let told = false;
  const write = (chunk) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    written += Buffer.byteLength(text);
    if (kept.length < settings.outputLimit) kept += text.slice(0, settings.outputLimit - kept.length);
    if (written > settings.fileSizeLimit && !told) {
      told = true;
      parentPort.postMessage({ overflow: true });
    }
    return true;
  };
  const { Writable } = require('node:stream');
  const sink = new Writable({
    decodeStrings: false,
    write(chunk, encoding, callback) {
      write(chunk);
      callback();
    },
  });
  globalThis.console = new (require('node:console').Console)({ stdout: sink, stderr: sink });
  process.stdout.write = write;
  process.stderr.write = write;
  return {
    reset() {
      kept = '';
      written = 0;
      told = false;
    },
    text: () => (written > kept.length ? `${kept}\n[output clipped: ${written} bytes in all]` : kept),
  };
}

function load(settings) {
  // A fresh copy of the candidate's modules for every case, so no state leaks between cases.
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(settings.folder + path.sep)) delete require.cache[key];
  }
  let exported;
  try {
    exported = require(settings.solution);
  } catch (error) {
    const where = whereRaised(error, settings);
    const missing = missingModule(error, settings);
    if (missing) return { error: { message: missing, detail: candidateStack(error, settings.folder + path.sep) } };
    return {
      error: {
        message: `your code raised ${typeName(error)} at import${where ? `: ${where}` : ''}`,
        detail: error instanceof Error ? candidateStack(error, settings.folder + path.sep) : safeString(error),
      },
    };
  }
  const Class = exported && (typeof exported === 'function' && exported.name === settings.implClass ? exported : exported[settings.implClass]);
  if (typeof Class !== 'function') {
    const names = exported && typeof exported === 'object' ? Object.keys(exported) : [];
    return {
      error: {
        message: `${settings.solutionFile} exports no class ${settings.implClass}`,
        detail: `It exports: ${names.join(', ') || 'nothing'}. End the file with module.exports = { ${settings.implClass} };`,
      },
    };
  }
  return { Class };
}

function play(Class, calls, settings) {
  const answers = [];
  let instance;
  try {
    instance = new Class();
  } catch (error) {
    answers.push({ error: errorAnswer(error, settings) });
    return answers;
  }
  for (const [method, args] of calls) {
    let got;
    try {
      if (typeof instance[method] !== 'function') throw new TypeError(`${method} is not a method of ${settings.implClass}`);
      got = instance[method](...args);
    } catch (error) {
      answers.push({ error: errorAnswer(error, settings) });
      return answers;
    }
    answers.push(answer(got));
  }
  return answers;
}

function answer(value) {
  if (value === undefined) return { unsupported: 'undefined' }; // a void method's usual answer: no Error built
  try {
    return plain(value, 0); // bare: no plain value is an object, so a tagged answer stands out
  } catch (error) {
    if (error instanceof Unsupported) return { unsupported: error.kind };
    return { unsupported: 'value that could not be read' };
  }
}

class Unsupported extends Error {
  constructor(kind) {
    super(kind);
    this.kind = kind;
  }
}

function plain(value, depth) {
  // By value, never asking the object: a String object is its characters, a Number its number.
  if (value === null) return null;
  if (value === undefined) throw new Unsupported('undefined');
  const kind = typeof value;
  if (kind === 'string' || kind === 'boolean') return value;
  if (kind === 'number') {
    if (!Number.isFinite(value)) throw new Unsupported(`number (${value})`);
    return value;
  }
  if (kind === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new Unsupported('bigint too large');
    return Number(value);
  }
  if (value instanceof String) return String.prototype.valueOf.call(value);
  if (value instanceof Number) return plain(Number.prototype.valueOf.call(value), depth);
  if (value instanceof Boolean) return Boolean.prototype.valueOf.call(value);
  if (Array.isArray(value)) {
    if (depth >= 20) throw new Unsupported('array nested too deep');
    const items = [];
    for (let i = 0; i < value.length; i++) {
      try {
        items.push(plain(value[i], depth + 1));
      } catch (error) {
        if (error instanceof Unsupported) throw new Unsupported(`array holding ${error.kind}`);
        throw error;
      }
    }
    return items;
  }
  const name = value.constructor && typeof value.constructor.name === 'string' ? value.constructor.name : 'object';
  throw new Unsupported(kind === 'function' ? 'function' : name || 'object');
}

function errorAnswer(error, settings) {
  const isError = error instanceof Error;
  return {
    type: typeName(error),
    message: isError ? String(error.message) : safeString(error),
    where: whereRaised(error, settings),
    trace: isError ? candidateStack(error, settings.folder + path.sep) : '',
  };
}

function candidateStack(error, folder) {
  // The message and the frames in the run folder (the candidate's files), named without the folder:
  // the harness's own frames and Node's internals say nothing to the candidate.
  const lines = String(error.stack || '').split('\n');
  const kept = lines.filter((line, index) => index === 0 || !/^\s+at /.test(line) || (line.includes(folder) && !line.includes('harness.js')));
  return kept.map((line) => line.split(folder).join('')).join('\n');
}

function typeName(error) {
  if (error instanceof Error) return error.name || (error.constructor && error.constructor.name) || 'Error';
  return `a thrown ${error === null ? 'null' : typeof error}`;
}

function describe(error) {
  const message = error instanceof Error ? error.message : safeString(error);
  return message ? `${typeName(error)}: ${message}` : typeName(error);
}

function safeString(value) {
  try {
    return String(value);
  } catch (error) {
    return '';
  }
}

function whereRaised(error, settings) {
  // "in-memory-db-impl.js line 12": the first stack frame in one of the candidate's files.
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const names = settings.sourceFiles.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const match = stack.match(new RegExp(`[/\\\\](${names}):(\\d+)`));
  return match ? `${match[1]} line ${match[2]}` : '';
}

function missingModule(error, settings) {
  // Node's "Cannot find module './x'" and the file whose require asked for it, in one line.
  if (!(error instanceof Error) || error.code !== 'MODULE_NOT_FOUND') return '';
  const found = /Cannot find module '([^']+)'/.exec(String(error.message));
  if (!found) return '';
  const wanted = found[1];
  const stack = Array.isArray(error.requireStack) && error.requireStack.length ? path.basename(error.requireStack[0]) : '';
  const by = stack && settings.sourceFiles.includes(stack) ? stack : settings.solutionFile;
  const beside = wanted.startsWith('.') ? `no file ${wanted} beside ${by}` : `no module ${wanted} in Node.js (only its own modules are available)`;
  return `${by} requires '${wanted}', which does not exist: ${beside}`;
}
