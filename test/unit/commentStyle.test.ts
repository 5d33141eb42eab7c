import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commentPrefix } from '../../src/report/commentStyle';

test("findings inserted into code take the language's line comment; prose takes none", () => {
  assert.equal(commentPrefix('markdown'), undefined);
  assert.equal(commentPrefix('python'), '#');
  assert.equal(commentPrefix('typescript'), '//');
  assert.equal(commentPrefix('sql'), '--');
});
