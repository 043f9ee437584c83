import { newEnforcer, newModelFromString, StringAdapter, type Enforcer } from 'casbin'
import { MigrateExportError } from '../../errors/migrate-errors.js'
import type { MigrationEngine } from '../verify/engine.js'
import { CASBIN_APP_DOMAIN, type CasbinExport } from './export-casbin.js'

/** The real Casbin engine (`casbin`, `enforceSync`) on an export's model and policy. */
export async function casbinEngine(files: CasbinExport): Promise<MigrationEngine> {
  let enforcer: Enforcer
  try {
    enforcer = await newEnforcer(newModelFromString(files['model.conf']), new StringAdapter(files['policy.csv']))
  } catch (e) {
    throw new MigrateExportError(`model.conf and policy.csv: Casbin cannot load them (${(e as Error).message})`)
  }
  return {
    name: 'casbin',
    decide(token, scope, action) {
      try {
        return enforcer.enforceSync(token.join(','), scope ?? CASBIN_APP_DOMAIN, action)
      } catch (e) {
        throw new MigrateExportError(`Casbin could not decide: ${(e as Error).message}`)
      }
    },
  }
}
