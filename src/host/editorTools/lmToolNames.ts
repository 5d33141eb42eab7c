/** The workspace tools offered as Language Model Tools; must match `contributes.languageModelTools` (checked by a test). */
export const LM_TOOL_PREFIX = 'researchCopilot_';

export const LM_TOOL_NAMES = ['list_directory', 'find_files', 'search_text', 'read_file', 'write_file', 'edit_file'] as const;
