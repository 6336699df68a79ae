// The layering rules (.dependency-cruiser.cjs, run by `npm run lint:deps` in `npm test`) fail on
// a tree that breaks them on purpose (tests/fixtures/architecture/violation); that the repository
// itself passes is `npm run lint:deps`.
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const bin = path.join(root, 'node_modules/.bin/depcruise')
const config = path.join(root, '.dependency-cruiser.cjs')

function cruise(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(bin, ['src', 'workers', '--config', config, '--output-type', 'err'], { cwd, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, out: r.stdout + r.stderr }
}

describe('layering rules', () => {
  it('a deliberate violation fails, naming each broken rule and the offending import', () => {
    const { status, out } = cruise(path.join(root, 'tests/fixtures/architecture/violation'))
    expect(status).not.toBe(0)
    expect(out).toMatch(/workers-never-import-ui-or-cli: workers\/bad_worker\.ts → src\/ui\/label\.ts/)
    expect(out).toMatch(/engines-never-import-study: src\/core\/stats\/bad_engine\.ts → src\/core\/study\/plan\.ts/)
    expect(out).toMatch(/engines-import-engines-through-index: src\/core\/omics\/bad_cross\.ts → src\/core\/stats\/bad_engine\.ts/)
    expect(out).toMatch(/core-imports-only-core: src\/core\/study\/uses_ui\.ts → src\/ui\/label\.ts/)
    expect(out).toMatch(/engines-never-import-demo: src\/core\/cluster\/uses_demo\.ts → src\/core\/demo\/cohort\.ts/)
  }, 120_000)
})
