import t from 'tap'
import { formatPosition, positionAt } from '../../src/xml/position.js'

t.test('LF text', async (t) => {
  const text = 'ab\ncd\n\nef'
  t.same(positionAt(text, 0), { line: 1, column: 1 })
  t.same(positionAt(text, 2), { line: 1, column: 3 }, 'the LF itself ends line 1')
  t.same(positionAt(text, 3), { line: 2, column: 1 })
  t.same(positionAt(text, 4), { line: 2, column: 2 })
  t.same(positionAt(text, 6), { line: 3, column: 1 }, 'an empty line')
  t.same(positionAt(text, 7), { line: 4, column: 1 })
  t.same(positionAt(text, 9), { line: 4, column: 3 }, 'the end of the text')
})

t.test('CRLF text', async (t) => {
  const text = 'ab\r\ncd\r\nef'
  t.same(positionAt(text, 2), { line: 1, column: 3 }, 'the CR is on line 1')
  t.same(positionAt(text, 3), { line: 1, column: 4 }, 'so is the LF')
  t.same(positionAt(text, 4), { line: 2, column: 1 }, 'a CRLF is one line break')
  t.same(positionAt(text, 5), { line: 2, column: 2 })
  t.same(positionAt(text, 8), { line: 3, column: 1 })
})

t.test('columns count code points', async (t) => {
  const text = 'a😀b\n😀😀x'
  t.same(positionAt(text, 1), { line: 1, column: 2 }, 'the emoji')
  t.same(positionAt(text, 3), { line: 1, column: 3 }, 'after a surrogate pair: one column further')
  t.same(positionAt(text, 5), { line: 2, column: 1 })
  t.same(positionAt(text, 9), { line: 2, column: 3 }, 'two emoji, two columns')
  t.same(positionAt('é€\tx', 3), { line: 1, column: 4 }, 'BMP characters and TAB count one each')
  t.same(positionAt('\uFEFFab', 1), { line: 1, column: 1 }, 'a BOM is not a column: an editor does not show it')
  t.same(positionAt('\uFEFFab', 2), { line: 1, column: 2 })
  t.same(positionAt('\uFEFFa\nb', 3), { line: 2, column: 1 }, 'only the first line starts with the BOM')
})

t.test('offsets past the end', async (t) => {
  t.same(positionAt('ab\ncd', 100), { line: 2, column: 3 }, 'clamped to the end of the text')
  t.same(positionAt('', 0), { line: 1, column: 1 })
})

t.test('formatPosition', async (t) => {
  t.equal(formatPosition({ line: 3, column: 14 }), 'line 3, column 14')
})
