// A fresh, private VS Code profile for one host: its folders, user and machine settings, code-server's
// config, and the environment the server (and so the extension host) runs with.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_ID_VAR } from './processes';

/** User settings that keep a test profile quiet and offline. */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.editor.restoreViewState': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'telemetry.telemetryLevel': 'off',
  'telemetry.enableTelemetry': false,
  'telemetry.enableCrashReporter': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'chat.setupFromDialog': false,
  'github.copilot.enable': { '*': false },
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.surveys.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'editor.accessibilitySupport': 'off',
  'accessibility.signals.sounds.volume': 0,
  'terminal.integrated.enablePersistentSessions': false,
};

/** Settings of DEFAULT_SETTINGS that VS Code registers as machine-scoped (ignored in User/settings.json by a remote). */
const MACHINE_SCOPED = ['workbench.welcomePage.walkthroughs.openOnInstall'];

export interface ProfileDirs {
  userData: string;
  extensions: string;
  home: string;
  config: string;
  data: string;
  cache: string;
  tmp: string;
}

/** Makes the profile's folders under `root` and writes its settings; returns the folders and code-server's config file. */
export function createProfile(root: string, extraSettings: Record<string, unknown> = {}): { dirs: ProfileDirs; configYaml: string } {
  const dirs: ProfileDirs = {
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    home: join(root, 'home'),
    config: join(root, 'xdg-config'),
    data: join(root, 'xdg-data'),
    cache: join(root, 'xdg-cache'),
    tmp: join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const settings = { ...DEFAULT_SETTINGS, ...extraSettings };
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // Machine-scoped settings of a remote (code-server) are read from Machine/settings.json only.
  mkdirSync(join(dirs.userData, 'Machine'), { recursive: true });
  const machine = Object.fromEntries(MACHINE_SCOPED.filter((k) => k in settings).map((k) => [k, settings[k]]));
  writeFileSync(join(dirs.userData, 'Machine', 'settings.json'), JSON.stringify(machine, null, 2));
  // code-server writes a config.yaml with a random password into XDG_CONFIG_HOME unless given one.
  const configYaml = join(root, 'code-server.yaml');
  writeFileSync(configYaml, 'auth: none\ncert: false\n');
  return { dirs, configYaml };
}

/** The server's environment: the test's own minus what must not leak in, HOME and XDG inside the profile, the marker. */
export function hostEnv(dirs: ProfileDirs, hostId: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Nothing from an enclosing VS Code terminal, npm run, node:test or tsx; no project secrets from the
    // developer's shell either (a test passes what it needs in opts.env).
    if (/^(VSCODE_|ELECTRON_|npm_|RESEARCH_COPILOT_|HELLO_E2E_)/i.test(k)) continue;
    if (
      [
        'NODE_OPTIONS',
        'NODE_TEST_CONTEXT',
        'NODE_CHANNEL_FD',
        'NODE_CHANNEL_SERIALIZATION_MODE',
        'TSX_TSCONFIG_PATH',
        'PASSWORD',
        'HASHED_PASSWORD',
        'PORT',
        'CODE_SERVER_CONFIG',
        'GITHUB_TOKEN',
      ].includes(k)
    )
      continue;
    env[k] = v;
  }
  Object.assign(env, {
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    [HOST_ID_VAR]: hostId,
  });
  Object.assign(env, extra);
  return env;
}
