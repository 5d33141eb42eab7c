/**
 * Glob matching for find_files and search_text's include, against workspace-relative paths.
 * A pattern with a slash matches the whole path; one without matches the file name at any depth.
 */
import picomatch from 'picomatch';

export function globMatcher(pattern: string): (rel: string) => boolean {
  const isMatch = picomatch(pattern, { dot: true });
  if (pattern.includes('/')) return isMatch;
  return (rel) => isMatch(rel.slice(rel.lastIndexOf('/') + 1));
}
