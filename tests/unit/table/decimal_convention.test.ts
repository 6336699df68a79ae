// The file's decimal convention (src/core/table/numbers.ts): one per file, decided from its
// unambiguous cells; a decimal-comma label column ("2,1") in a decimal-point file stays text.
import { describe, expect, it } from 'vitest'
import { parseTable } from '../../../src/core/table/table.ts'
import { pendingInputWarnings } from '../../../src/core/validate/warnings.ts'

describe('decimal convention', () => {
  it('reads a decimal-point file whose label column holds "2,1" / "3,1", the labels kept as text with a warning', () => {
    pendingInputWarnings()
    const t = parseTable('feature,model,icc\nf1,"2,1",0.98279764859700303\nf2,"3,1",0.5\n', 'icc.csv')
    expect(t.rows.map((r) => r[1])).toEqual(['2,1', '3,1'])
    expect(t.rows.map((r) => r[2])).toEqual(['0.98279764859700303', '0.5'])
    expect(pendingInputWarnings().join('\n')).toMatch(/icc\.csv: column\(s\) model hold decimal commas .* read as text/)
  })

  it('refuses a column holding both decimal commas and decimal points, naming both cells', () => {
    expect(() => parseTable('id,t\nA,"12,5"\nB,3.25\n', 'c.csv')).toThrow(/mixes decimal commas \(row 2, column t: "12,5"\) and decimal points \(row 3, column t: "3.25"\)/)
  })

  it('refuses a decimal-comma file with a decimal-point column (its cells would still read as numbers)', () => {
    expect(() => parseTable('id;a;b;c\nA;1,5;2,25;3.75\n', 'c.csv')).toThrow(/mixes decimal commas .* and decimal points .*column c/)
  })

  it('reads a decimal-comma file (semicolons) as numbers', () => {
    const t = parseTable('id;a;b\nA;1,5;2,25\n', 'c.csv')
    expect(t.rows[0]).toEqual(['A', '1.5', '2.25'])
  })
})
