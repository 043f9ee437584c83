import t from 'tap'
import { applySplices } from '../../src/xml/splice.js'

t.test('no splices', async (t) => {
  t.equal(applySplices('abc', []), 'abc')
  t.equal(applySplices('', []), '')
})

t.test('replacements, deletions and inserts', async (t) => {
  t.equal(applySplices('hello world', [{ start: 6, end: 11, text: 'there' }]), 'hello there')
  t.equal(applySplices('hello world', [{ start: 5, end: 11, text: '' }]), 'hello', 'an empty text deletes')
  t.equal(applySplices('abc', [{ start: 1, end: 1, text: 'X' }]), 'aXbc', 'start === end inserts')
  t.equal(
    applySplices('abc', [
      { start: 0, end: 0, text: '<' },
      { start: 3, end: 3, text: '>' },
    ]),
    '<abc>',
    'at both ends',
  )
  t.equal(applySplices('abc', [{ start: 1, end: 1, text: '' }]), 'abc', 'an empty insert changes nothing')
  t.equal(applySplices('abcdef', [{ start: 0, end: 6, text: 'X' }]), 'X', 'the whole text')
})

t.test('splices are applied by position, whatever their order', async (t) => {
  const splices = [
    { start: 4, end: 5, text: 'E' },
    { start: 0, end: 1, text: 'A' },
    { start: 2, end: 3, text: 'C' },
  ]
  t.equal(applySplices('abcdef', splices), 'AbCdEf')
  t.equal(applySplices('abcdef', [...splices].reverse()), 'AbCdEf')
})

t.test('inserts at the same offset keep the order they were given in', async (t) => {
  const inserts = ['1', '2', '3'].map((text) => ({ start: 2, end: 2, text }))
  t.equal(applySplices('abcd', inserts), 'ab123cd')
  t.equal(applySplices('abcd', [...inserts].reverse()), 'ab321cd')
})

t.test('an insert at the start of a replaced range goes before the replacement', async (t) => {
  const insert = { start: 1, end: 1, text: '+' }
  const replace = { start: 1, end: 3, text: 'XY' }
  t.equal(applySplices('abcd', [replace, insert]), 'a+XYd')
  t.equal(applySplices('abcd', [insert, replace]), 'a+XYd')
  t.equal(applySplices('abcd', [{ start: 3, end: 3, text: '!' }, replace]), 'aXY!d', 'an insert at the end of the range goes after it')
})

t.test('adjacent ranges are fine', async (t) => {
  t.equal(
    applySplices('abcdef', [
      { start: 0, end: 3, text: 'X' },
      { start: 3, end: 6, text: 'Y' },
    ]),
    'XY',
  )
})

t.test('overlapping ranges throw', async (t) => {
  t.throws(
    () =>
      applySplices('abcdef', [
        { start: 0, end: 4, text: '' },
        { start: 3, end: 5, text: '' },
      ]),
    /overlapping edits at offset 3/,
  )
  t.throws(
    () =>
      applySplices('abcdef', [
        { start: 1, end: 3, text: 'x' },
        { start: 1, end: 3, text: 'y' },
      ]),
    /overlapping/,
    'the same range twice',
  )
  t.throws(
    () =>
      applySplices('abcdef', [
        { start: 0, end: 5, text: '' },
        { start: 2, end: 2, text: 'x' },
      ]),
    /overlapping/,
    'an insert inside a replaced range',
  )
  t.throws(
    () =>
      applySplices('abcdef', [
        { start: 1, end: 4, text: '' },
        { start: 2, end: 3, text: '' },
      ]),
    /overlapping/,
    'a range inside another',
  )
})
