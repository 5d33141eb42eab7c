import { createSandbox } from '../../src/sandbox/index';
import { OUTPUT_LIMIT, sandboxContract } from './helpers/sandboxContract';
import { JS_CASE } from './helpers/sandboxCases';

sandboxContract(
  'QuickJS wasm (JavaScript)',
  () => createSandbox({ jsEngine: 'quickjs', memoryMb: 64, maxOutputChars: OUTPUT_LIMIT }),
  JS_CASE,
);
