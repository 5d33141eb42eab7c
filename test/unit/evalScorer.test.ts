/**
 * GAIA's question scorer, ported from the leaderboard's scorer.py
 * (huggingface.co/spaces/gaia-benchmark/leaderboard, scorer.py). The "public cases" below are the
 * assertions of Microsoft agent-framework's GAIA lab tests (python/packages/lab/gaia, test_gaia.py:
 * gaia_scorer(model_answer, ground_truth)), which wraps that scorer; the traps are where a JavaScript
 * port goes wrong by using parseFloat / Number instead of Python's float().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeString, pyFloat, questionScorer } from '../../src/eval/scorer';
import { extractAnswer, lastBoxed } from '../../src/eval/answer';

test('public cases: numbers', () => {
  assert.equal(questionScorer('42', '42'), true);
  assert.equal(questionScorer('42.0', '42'), true);
  assert.equal(questionScorer('42', '42.0'), true);
  assert.equal(questionScorer('42', '43'), false);
});

test('public cases: strings', () => {
  assert.equal(questionScorer('Hello World', 'hello world'), true);
  assert.equal(questionScorer('Hello, World!', 'helloworld'), true);
  assert.equal(questionScorer('test', 'TEST'), true);
  assert.equal(questionScorer('test', 'different'), false);
});

test('public cases: lists', () => {
  assert.equal(questionScorer('1,2,3', '1,2,3'), true);
  assert.equal(questionScorer('1; 2; 3', '1,2,3'), true);
  assert.equal(questionScorer('apple,banana', 'apple,banana'), true);
  assert.equal(questionScorer('1,2,3', '1,2,4'), false);
  assert.equal(questionScorer('1,2', '1,2,3'), false);
});

test('public cases: None and empty answers', () => {
  assert.equal(questionScorer('None', 'test'), false);
  assert.equal(questionScorer('', 'test'), false);
  assert.equal(questionScorer(undefined, 'test'), false);
});

test('numeric ground truth: $ % , are removed from the answer, then Python float() must accept it', () => {
  assert.equal(questionScorer('$1,000', '1000'), true);
  assert.equal(questionScorer('17%', '17'), true);
  assert.equal(questionScorer('17 %', '17'), true, 'float() strips the space left after % goes');
  assert.equal(questionScorer(' 17\n', '17'), true);
  assert.equal(questionScorer('1e3', '1000'), true);
  assert.equal(questionScorer('+17', '17'), true);
  assert.equal(questionScorer('17.', '17'), true);
  assert.equal(questionScorer('.5', '0.5'), true);
  assert.equal(questionScorer('1_000', '1000'), true, 'Python float() accepts underscores between digits');
  assert.equal(questionScorer('-0', '0'), true);
});

test('traps: what parseFloat and Number would wrongly accept', () => {
  assert.equal(questionScorer('17 km', '17'), false, 'parseFloat("17 km") is 17; float() raises');
  assert.equal(questionScorer('', '0'), false, 'Number("") is 0; float("") raises');
  assert.equal(questionScorer('   ', '0'), false, 'Number("  ") is 0');
  assert.equal(questionScorer('0x10', '16'), false, 'Number("0x10") is 16');
  assert.equal(questionScorer('0b11', '3'), false);
  assert.equal(questionScorer('0o17', '15'), false);
  assert.equal(questionScorer('17.0.0', '17'), false);
  assert.equal(questionScorer('1__000', '1000'), false, 'double underscore');
  assert.equal(questionScorer('_17', '17'), false);
  assert.equal(questionScorer('seventeen', '17'), false);
  assert.equal(questionScorer('17 000', '17000'), false, 'an inner space is not removed');
  assert.equal(questionScorer('nan', 'nan'), false, 'NaN never equals itself');
  assert.equal(questionScorer('garbage', 'inf'), false, 'unparsable is wrong (scorer.py would say inf == inf)');
  assert.equal(questionScorer('Infinity', 'inf'), true);
});

test('a ground truth with , or ; is a list, even a number with a thousands separator', () => {
  assert.equal(questionScorer('1000', '1,000'), false, 'one element against two');
  assert.equal(questionScorer('1,000', '1,000'), true);
  assert.equal(questionScorer('a, b', 'a,b'), true);
  assert.equal(questionScorer('b, a', 'a, b'), false, 'order matters');
  assert.equal(questionScorer('$1, 2%', '1, 2'), true, 'elements are numeric where the truth is');
  assert.equal(questionScorer('st. louis, x', 'St Louis, x'), false, 'list strings keep punctuation');
  assert.equal(questionScorer('New York, Boston', 'new york;boston'), true);
});

test('strings: all whitespace and ASCII punctuation go, case folds; other characters stay', () => {
  assert.equal(questionScorer('St. Louis', 'st louis'), true);
  assert.equal(questionScorer('  the\tEiffel-Tower ', 'The Eiffel Tower'), true);
  assert.equal(questionScorer('café', 'cafe'), false);
  assert.equal(questionScorer('Paris', 'Paris, France'), false);
  assert.equal(normalizeString('A\u3000B\u00a0C'), 'abc', 'Unicode spaces count as whitespace, as in Python');
});

test('pyFloat follows float()', () => {
  assert.equal(pyFloat(' -1.5e2 '), -150);
  assert.equal(pyFloat('infinity'), Infinity);
  assert.equal(pyFloat('-inf'), -Infinity);
  assert.equal(pyFloat('1.'), 1);
  for (const bad of ['', '.', 'e5', '1e', '1_', '1._5', '--1', '1 2', '0x1']) assert.equal(pyFloat(bad), undefined, bad);
});

test('answers: the last \\boxed{}, nested braces and escapes, unclosed read to the end', () => {
  assert.equal(extractAnswer('first \\boxed{1} then \\boxed{2}').answer, '2');
  assert.equal(extractAnswer('\\boxed{\\frac{1}{2}}').answer, '\\frac{1}{2}');
  assert.equal(extractAnswer('\\boxed{a \\} b}').answer, 'a } b');
  assert.equal(extractAnswer('\\boxed{\\text{Paris}}').answer, 'Paris');
  assert.equal(extractAnswer('\\boxed{50\\%}').answer, '50%');
  assert.equal(extractAnswer('so \\boxed{forty two').answer, 'forty two');
  assert.equal(extractAnswer('\\boxed{x} and an empty \\boxed{}').answer, 'x', 'an empty box is skipped');
  assert.equal(lastBoxed('no box'), undefined);
});

test('answers: FINAL ANSWER line, else the whole text; unknown / ? / ... are no answer', () => {
  assert.deepEqual(extractAnswer('reasoning\nFINAL ANSWER: 42\n'), { answer: '42', source: 'final_answer_line' });
  assert.equal(extractAnswer('**FINAL ANSWER:** Paris').answer, 'Paris');
  assert.deepEqual(extractAnswer('  Paris  '), { answer: 'Paris', source: 'whole' });
  for (const none of ['\\boxed{unknown}', '\\boxed{?}', '\\boxed{...}', 'Unknown.', 'FINAL ANSWER: ?', '', '   '])
    assert.equal(extractAnswer(none).answer, undefined, none);
  assert.equal(extractAnswer(undefined).source, 'none');
});
