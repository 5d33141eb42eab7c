/**
 * How a user connects a model, said once: the no-model message, the buttons next to it, and the ids of
 * the walkthrough whose first step links the same commands. No vscode import, so the unit tests read
 * these against package.json (test/unit/walkthrough.test.ts).
 */

export const EXTENSION_ID = 'research-copilot.research-copilot';
export const WALKTHROUGH_ID = `${EXTENSION_ID}#gettingStarted`;

export interface CommandAction {
  /** Button label; the command's own title in the palette. */
  title: string;
  command: string;
}

/**
 * What "connect a model" means today. The walkthrough's first step has one button per entry (same
 * command, same label); change both together (the unit test says where they differ).
 */
export const CONNECT_MODEL_ACTIONS: readonly CommandAction[] = [
  // First: a preset per kind of server, its models listed, the settings written; the newcomer's one step.
  { title: 'Choose Model', command: 'researchCopilot.chooseModel' },
  { title: 'Open Settings', command: 'researchCopilot.openSettings' },
  { title: 'Set API Key', command: 'researchCopilot.setApiKey' },
  { title: 'Test Connection', command: 'researchCopilot.testConnection' },
];

export const GET_STARTED: CommandAction = { title: 'Get Started', command: 'researchCopilot.getStarted' };

/**
 * The one account of how a model is chosen (package.json's `provider` description and README say the
 * same): with `provider` "auto" (the default) an endpoint is used when `baseUrl` is set, else a chat
 * model VS Code offers.
 */
export const HOW_TO_CONNECT =
  'No model is configured. Connect one: set "researchCopilot.baseUrl" and "researchCopilot.model" to an OpenAI-compatible ' +
  'endpoint (OpenAI, vLLM or SGLang serving MiroThinker, Ollama at http://127.0.0.1:11434/v1, LM Studio at ' +
  'http://127.0.0.1:1234/v1) and, if it needs a key, run "Research Copilot: Set API Key". Or leave "researchCopilot.baseUrl" ' +
  'empty and install an extension that offers chat models to VS Code (such as GitHub Copilot Chat): its models are then ' +
  'used ("researchCopilot.vscodeLm.family" picks one). Step by step: "Research Copilot: Get Started".';
