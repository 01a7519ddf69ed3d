"""The fixed files of TypeScript's workspace and run folder: compiler settings and Node declarations.

The workspace compiles with the settings the grader uses (strict), so what ``npm test`` accepts
the grader accepts too. Neither needs a download: the few Node.js APIs a solution or the sample
tests use are declared in ``node-globals.d.ts`` instead of coming from ``@types/node``.
"""

from __future__ import annotations

import json

GLOBALS_FILE = "node-globals.d.ts"
CHECK_STEM = "oa-sim-check"  # the grader's own file: imports the class as the harness will use it
BUILD_DIR = "build"

COMPILER_OPTIONS = {
    "target": "es2022",  # what Node 18 runs as it is
    "module": "commonjs",
    "lib": ["es2023"],  # Array.prototype.findLast and the rest of what Node 18 has
    "types": [],  # no @types packages: node-globals.d.ts declares what is needed
    "strict": True,
    "skipLibCheck": True,
    "sourceMap": True,  # stack traces name the .ts file and line
    "forceConsistentCasingInFileNames": True,
}

NODE_GLOBALS = """\
// The few Node.js APIs a solution and its sample tests use, declared here so that tsc needs no
// download (@types/node). oa-sim writes this file; if you install @types/node, delete it.

declare const console: {
  log(...data: unknown[]): void;
  error(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  info(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  dir(item: unknown): void;
  table(data: unknown): void;
};

declare const process: {
  exit(code?: number): never;
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: { write(text: string): boolean };
  stderr: { write(text: string): boolean };
  hrtime: { bigint(): bigint };
};

declare const performance: { now(): number };

declare function structuredClone<T>(value: T): T;
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;

declare module 'node:test' {
  type Body = () => void | Promise<void>;
  export function test(name: string, body: Body): Promise<void>;
  export function describe(name: string, body: () => void): void;
  export function it(name: string, body: Body): void;
}

declare module 'node:assert' {
  interface Assert {
    equal(actual: unknown, expected: unknown, message?: string): void;
    notEqual(actual: unknown, expected: unknown, message?: string): void;
    deepEqual(actual: unknown, expected: unknown, message?: string): void;
    notDeepEqual(actual: unknown, expected: unknown, message?: string): void;
    ok(value: unknown, message?: string): void;
    throws(body: () => unknown, expected?: unknown, message?: string): void;
  }
  export const strict: Assert;
}
"""


def workspace_tsconfig() -> str:
    """The candidate's ``tsconfig.json``: the grader's settings, output in ``build/``."""
    options = {**COMPILER_OPTIONS, "rootDir": ".", "outDir": BUILD_DIR}
    body = json.dumps({"compilerOptions": options, "include": ["*.ts", "tests/*.ts"]}, indent=2)
    return (
        "// The settings oa-sim grades with (strict type checking: a type error fails the submit).\n"
        f"// `npm test` compiles into {BUILD_DIR}/ and runs the sample tests there with node --test.\n"
        f"{body}\n"
    )


def workspace_package(problem_id: str, title: str) -> str:
    """The candidate's ``package.json``: ``npm test`` compiles, then runs the compiled sample tests."""
    package = {
        "name": problem_id,
        "private": True,
        "description": f"oa-sim workspace: {title}",
        "type": "commonjs",
        "scripts": {
            "build": "tsc -p .",
            "test": f"tsc -p . && node --enable-source-maps --test {BUILD_DIR}/tests/*.test.js",
        },
    }
    return json.dumps(package, indent=2) + "\n"


def grading_tsconfig(inputs: list[str]) -> bytes:
    """The run folder's ``tsconfig.json``: sources in ``src/``, JavaScript beside the harness."""
    options = {**COMPILER_OPTIONS, "rootDir": "src", "outDir": ".", "noEmitOnError": True, "pretty": False, "newLine": "lf"}
    return (json.dumps({"compilerOptions": options, "files": inputs}, indent=2) + "\n").encode("utf-8")


def check_source(interface_module: str, interface_class: str, solution_module: str, impl_class: str) -> str:
    """The grader's check, compiled with the solution: the class is exported, takes no arguments,
    and fits the interface (an error here is reworded as one in the solution)."""
    return (
        f"import {{ {interface_class} }} from './{interface_module}';\n"
        f"import {{ {impl_class} }} from './{solution_module}';\n"
        "\n"
        f"const solution: {interface_class} = new {impl_class}();\n"
        "void solution;\n"
    )


def shim_source(solution_module: str) -> str:
    """What the harness loads under the solution's own name: the compiled solution beside it."""
    return f"module.exports = require('./{solution_module}.js');\n"
