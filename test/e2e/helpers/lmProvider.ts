/**
 * A session whose only model is the one a test-only extension offers through vscode.lm
 * (test/e2e/fixtures/lm-provider-ext, proposed APIs enabled for it alone), backed by a scripted server:
 * first a read_file of src/answer.ts, then the answer once a result came back; a follow-up in the same
 * research session (its record says "## Follow-up question") is answered from the record at once.
 */
import { join } from 'node:path';
import { REPO_ROOT, RESULTS_DIR } from '../../../tools/e2e/driver';
import { packageVsix } from '../../../tools/e2e/package-vsix';
import { startFakeModel, type FakeModel } from '../../../tools/fake-model/server';
import { startSession, type Session } from './session';

const FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'lm-provider-ext');
const FIXTURE_ID = 'research-copilot-tests.lm-provider-e2e';

/** More for the same session: other extensions, their environment, more workspace files. */
export interface SessionExtras {
  extraVsix?: string[];
  env?: Record<string, string>;
  files?: Record<string, string>;
}

export async function startLmProviderSession(extras: SessionExtras = {}): Promise<{ s: Session; lm: FakeModel }> {
  const lm = await startFakeModel({
    script: (req) => {
      // The first request carries the system prompt and the question; any later one follows a tool result.
      const messages = (req.body?.messages ?? []) as { role: string; content?: string }[];
      if (messages.some((m) => (m.content ?? '').includes('## Follow-up question')))
        return { content: 'Follow-up: `answer` is exported as a const (src/answer.ts:1).' };
      const answered = messages.some((m) => m.role === 'tool' || /export const answer = 42/.test(m.content ?? ''));
      return !answered
        ? { toolCalls: [{ name: 'read_file', arguments: JSON.stringify({ path: 'src/answer.ts' }) }] }
        : { content: 'The answer is 42 (src/answer.ts:1).' };
    },
  });
  try {
    const vsix = await packageVsix(FIXTURE, { out: join(RESULTS_DIR, 'lm-provider-e2e.vsix') });
    const s = await startSession({
      files: { 'src/answer.ts': 'export const answer = 42;\n', ...extras.files },
      scenarios: {},
      noEndpoint: true,
      extraVsix: [vsix, ...(extras.extraVsix ?? [])],
      serverArgs: ['--enable-proposed-api', FIXTURE_ID],
      env: { FAKE_LM_URL: lm.url, ...extras.env },
    });
    return { s, lm };
  } catch (e) {
    await lm.close();
    throw e;
  }
}
