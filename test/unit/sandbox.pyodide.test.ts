import { createSandbox } from '../../src/sandbox/index';
import { OUTPUT_LIMIT, sandboxContract } from './helpers/sandboxContract';
import { PY_CASE } from './helpers/sandboxCases';

sandboxContract('Pyodide (Python)', () => createSandbox({ memoryMb: 128, maxOutputChars: OUTPUT_LIMIT }), PY_CASE);
