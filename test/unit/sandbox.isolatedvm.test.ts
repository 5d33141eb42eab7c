import { createSandbox } from '../../src/sandbox/index';
import { OUTPUT_LIMIT, sandboxContract } from './helpers/sandboxContract';
import { JS_CASE } from './helpers/sandboxCases';

sandboxContract(
  'isolated-vm (JavaScript)',
  () => createSandbox({ jsEngine: 'isolated-vm', memoryMb: 64, maxOutputChars: OUTPUT_LIMIT }),
  JS_CASE,
);
